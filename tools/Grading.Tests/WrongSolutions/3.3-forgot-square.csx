// EXERCISE 3.3: A Tanh layer of your own
// EXPECT: square y
class MyTanh : ILayer
{
    public Matrix<double> Y { get; private set; }   // y = tanh(x) of the last Forward, kept for Backward

    public string Name => "MyTanh";

    public Matrix<double> Forward(Matrix<double> x)
    {
        Y = x.Map(Math.Tanh);
        return Y;
    }

    public Matrix<double> Backward(Matrix<double> dout) => dout.PointwiseMultiply(Y.Map(y => 1 - y));
}
