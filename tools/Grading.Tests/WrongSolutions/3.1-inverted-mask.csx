// EXERCISE 3.1: ReLU backward
// EXPECT: mask is inverted
class MyRelu : ILayer
{
    private Matrix<double> _passes;

    public string Name => "MyRelu";

    public Matrix<double> Forward(Matrix<double> x)
    {
        _passes = x.Map(v => v > 0 ? 1.0 : 0.0);
        return x.Map(v => v > 0 ? v : 0.0);
    }

    public Matrix<double> Backward(Matrix<double> dout) => dout.PointwiseMultiply(_passes.Map(p => 1 - p));
}
