// EXERCISE 2.3: A division layer of your own
// EXPECT: upstream gradient dout is missing
class MyDivLayer : IBinaryLayer
{
    public double X { get; private set; }
    public double Y { get; private set; }

    public double Forward(double x, double y)
    {
        X = x;
        Y = y;
        return x / y;
    }

    public (double dx, double dy) Backward(double dout) => (1 / Y, -X / (Y * Y));
}
