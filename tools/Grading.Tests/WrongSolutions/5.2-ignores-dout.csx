// EXERCISE 5.2: SoftmaxWithLoss backward
// EXPECT: upstream gradient dout is missing
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
        var t = T.OneHotMatrix ?? Labels.OneHot(T.Indices, Y.ColumnCount);
        return (Y - t) / Y.RowCount;   // right while this layer is last (dout = 1)
    }
}
