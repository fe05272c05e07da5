// EXERCISE 2.3: A division layer of your own
// EXPECT: changed what Forward stored
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

    public (double dx, double dy) Backward(double dout)
    {
        X *= dout;   // folds dout into the stored input: right once only
        return (dout / Y, -X / (Y * Y));
    }
}
