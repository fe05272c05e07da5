// EXERCISE 5.2: SoftmaxWithLoss backward
// EXPECT: handling only index labels
class MySoftmaxWithLoss : ILossLayer
{
    public Matrix<double> Y { get; private set; }   // probabilities, N×K
    public Labels T { get; private set; }           // T.Indices (int[]) or T.OneHotMatrix (N×K); the other is null

    public double Forward(Matrix<double> scores, Labels labels)
    {
        Y = Activations.Softmax(scores);
        T = labels;
        return Losses.CrossEntropy(Y, labels);
    }

    public Matrix<double> Backward(double dout = 1.0)
    {
        var dx = Y.Clone();
        for (var i = 0; i < dx.RowCount; i++) dx[i, T.Indices[i]] -= 1.0;
        return dx * (dout / dx.RowCount);
    }
}
