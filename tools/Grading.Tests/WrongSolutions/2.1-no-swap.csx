// EXERCISE 2.1: MulLayer backward
// EXPECT: swaps its inputs
class MyMulLayer : IBinaryLayer
{
    private double _x, _y;

    public double Forward(double x, double y)
    {
        _x = x;
        _y = y;
        return x * y;
    }

    public (double dx, double dy) Backward(double dout) => (dout * _x, dout * _y);
}
