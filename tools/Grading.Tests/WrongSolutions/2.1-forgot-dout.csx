// EXERCISE 2.1: MulLayer backward
// EXPECT: upstream gradient dout is missing
class MyMulLayer : IBinaryLayer
{
    private double _x, _y;

    public double Forward(double x, double y)
    {
        _x = x;
        _y = y;
        return x * y;
    }

    public (double dx, double dy) Backward(double dout) => (_y, _x);
}
