// EXERCISE 3.2: Sigmoid backward
// EXPECT: overwrote a matrix it had returned before
class MySigmoid : ILayer
{
    private Matrix<double> _out;
    private Matrix<double> _dx;

    public string Name => "MySigmoid";

    public Matrix<double> Forward(Matrix<double> x)
    {
        _out = x.Map(v => 1.0 / (1.0 + Math.Exp(-v)));
        return _out;
    }

    public Matrix<double> Backward(Matrix<double> dout)
    {
        if (_dx is null || _dx.RowCount != dout.RowCount || _dx.ColumnCount != dout.ColumnCount)
            _dx = Matrix<double>.Build.Dense(dout.RowCount, dout.ColumnCount);
        dout.PointwiseMultiply(_out.Map(y => y * (1 - y)), _dx);   // writes into the same buffer every call
        return _dx;
    }
}
