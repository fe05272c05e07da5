// EXERCISE 3.2: Sigmoid backward
// EXPECT: in place
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
        dout.PointwiseMultiply(_out.Map(y => y * (1 - y)), dout);
        return dout;
    }
}
