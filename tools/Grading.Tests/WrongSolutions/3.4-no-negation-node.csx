// EXERCISE 3.4: Sigmoid through its graph
// EXPECT: ×(−1) node is missing
class GraphSigmoid : ISigmoidGraph
{
    public Matrix<double> A { get; private set; }
    public Matrix<double> E { get; private set; }
    public Matrix<double> S { get; private set; }
    public Matrix<double> Y { get; private set; }

    public Matrix<double> DSum { get; private set; }
    public Matrix<double> DExp { get; private set; }
    public Matrix<double> DNeg { get; private set; }

    public string Name => "GraphSigmoid";

    public Matrix<double> Forward(Matrix<double> x)
    {
        A = -x;
        E = A.PointwiseExp();
        S = E + 1.0;
        Y = S.Map(v => 1.0 / v);
        return Y;
    }

    public Matrix<double> Backward(Matrix<double> dout)
    {
        DSum = -dout.PointwiseMultiply(Y).PointwiseMultiply(Y);
        DExp = DSum;
        DNeg = DExp.PointwiseMultiply(E);
        return DNeg;
    }
}
