// EXERCISE 2.2: AddLayer backward
// EXPECT: does not split the gradient
class MyAddLayer : IBinaryLayer
{
    public double Forward(double x, double y) => x + y;

    public (double dx, double dy) Backward(double dout) => (dout / 2, dout / 2);
}
