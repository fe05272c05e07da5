// EXERCISE 2.2: AddLayer backward
// EXPECT: MulLayer's rule
class MyAddLayer : IBinaryLayer
{
    private double _x, _y;

    public double Forward(double x, double y)
    {
        _x = x;
        _y = y;
        return x + y;
    }

    public (double dx, double dy) Backward(double dout) => (dout * _y, dout * _x);
}
