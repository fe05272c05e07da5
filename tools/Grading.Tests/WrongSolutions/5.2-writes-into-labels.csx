// EXERCISE 5.2: SoftmaxWithLoss backward
// EXPECT: one-hot label matrix
class MySoftmaxWithLoss : ILossLayer
{
    public Matrix<double> Y { get; private set; }
    public Labels T { get; private set; }

    public double Forward(Matrix<double> scores, Labels labels)
    {
        Y = Activations.Softmax(scores);
        T = labels;
        return Losses.CrossEntropy(Y, labels);
    }

    public Matrix<double> Backward(double dout = 1.0)
    {
        var n = Y.RowCount;
        if (T.OneHotMatrix is { } oneHot)
        {
            oneHot.Subtract(Y, oneHot);              // T − Y, in the caller's label matrix
            return oneHot * (-dout / n);
        }
        var dx = Y.Clone();
        for (var i = 0; i < n; i++) dx[i, T.Indices[i]] -= 1.0;
        return dx * (dout / n);
    }
}
