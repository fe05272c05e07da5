// EXERCISE 3.1: ReLU backward
// EXPECT: x = 0 must be blocked too
class MyRelu : ILayer
{
    private Matrix<double> Kept { get; set; }

    public string Name => "MyRelu";

    public Matrix<double> Forward(Matrix<double> x)
    {
        Kept = x.Map(v => v >= 0 ? 1.0 : 0.0);
        return x.Map(v => v > 0 ? v : 0.0);
    }

    public Matrix<double> Backward(Matrix<double> dout)
    {
        return dout.PointwiseMultiply(Kept);
    }
}
