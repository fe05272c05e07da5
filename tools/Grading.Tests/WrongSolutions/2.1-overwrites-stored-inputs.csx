// EXERCISE 2.1: MulLayer backward
// EXPECT: changed what Forward stored
class MyMulLayer : IBinaryLayer
{
    private double _x, _y;

    public double Forward(double x, double y)
    {
        _x = x;
        _y = y;
        return x * y;
    }

    public (double dx, double dy) Backward(double dout)
    {
        // Scales the stored inputs in place: right once, wrong for a second Backward after the same Forward.
        _x *= dout;
        _y *= dout;
        return (_y, _x);
    }
}
