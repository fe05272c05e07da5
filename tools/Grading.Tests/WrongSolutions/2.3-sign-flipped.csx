// EXERCISE 2.3: A division layer of your own
// EXPECT: sign is flipped
class MyDivLayer : IBinaryLayer
{
    private double _x, _y;

    public double Forward(double x, double y)
    {
        _x = x;
        _y = y;
        return x / y;
    }

    public (double dx, double dy) Backward(double dout) => (dout / _y, dout * _x / (_y * _y));
}
