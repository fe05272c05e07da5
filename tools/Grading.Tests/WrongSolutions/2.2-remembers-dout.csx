// EXERCISE 2.2: AddLayer backward
// EXPECT: second one after the same Forward
class MyAddLayer : IBinaryLayer
{
    private double _sum;

    public double Forward(double x, double y) => x + y;

    public (double dx, double dy) Backward(double dout)
    {
        _sum += dout;   // accumulates across calls
        return (_sum, _sum);
    }
}
