// EXERCISE 5.2: SoftmaxWithLoss backward
// EXPECT: sign is flipped
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
        var t = T.OneHotMatrix ?? Labels.OneHot(T.Indices, Y.ColumnCount);
        return (t - Y) * (dout / Y.RowCount);
    }
}
