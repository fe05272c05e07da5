// EXERCISE 3.3: A Tanh layer of your own
// EXPECT: Forward wrote into its input x
class MyTanh : ILayer
{
    public Matrix<double> Y { get; private set; }   // y = tanh(x) of the last Forward, kept for Backward

    public string Name => "MyTanh";

    public Matrix<double> Forward(Matrix<double> x)
    {
        x.MapInplace(Math.Tanh);
        Y = x;
        return x;
    }

    public Matrix<double> Backward(Matrix<double> dout) => dout.PointwiseMultiply(Y.Map(y => 1 - y * y));
}
