// EXERCISE 3.2: Sigmoid backward
// EXPECT: changed the matrix Forward returned
class MySigmoid : ILayer
{
    private Matrix<double> _out;

    public string Name => "MySigmoid";

    public Matrix<double> Forward(Matrix<double> x)
    {
        _out = x.Map(v => 1.0 / (1.0 + Math.Exp(-v)));
        return _out;
    }

    public Matrix<double> Backward(Matrix<double> dout)
    {
        _out.MapInplace(y => y * (1 - y));   // _out is also the matrix Forward returned
        return dout.PointwiseMultiply(_out);
    }
}
