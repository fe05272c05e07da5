// EXERCISE 3.1: ReLU backward
// EXPECT: changed the matrix Forward returned
class MyRelu : ILayer
{
    private Matrix<double> Kept { get; set; }

    public string Name => "MyRelu";

    public Matrix<double> Forward(Matrix<double> x)
    {
        Kept = x.Map(v => v > 0 ? v : 0.0);
        return Kept;   // the cache IS the returned output
    }

    public Matrix<double> Backward(Matrix<double> dout)
    {
        Kept.MapInplace(v => v > 0 ? 1.0 : 0.0);   // turns the next layer's input into a mask
        return dout.PointwiseMultiply(Kept);
    }
}
