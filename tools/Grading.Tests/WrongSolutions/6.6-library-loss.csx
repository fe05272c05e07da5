// EXERCISE 6.6: The sine regression's forward and backward passes
// EXPECT: Backprop.Functions.Losses
// Layout (features, samples): x and y are 1×N, one sample per column. W1 is H×1, b1 H×1, W2 1×H, b2 1×1 (H = 25 in the
// source, but do not count on it). Predict(x) returns ŷ (1×N): a sigmoid hidden layer, a linear output. Loss(x, y) returns half
// the mean squared error over the N samples. Gradient(x, y) returns ∂L/∂W1, ∂L/∂b1, ∂L/∂W2, ∂L/∂b2 by name ("W1", …), each
// of its parameter's shape, as new matrices. Keep the matrices you are given (training updates them in place); leave x, y
// and the weights unchanged.
class MySineNet(Matrix<double> w1, Matrix<double> b1, Matrix<double> w2, Matrix<double> b2) : ISineNetwork
{
    public Matrix<double> W1 { get; } = w1;
    public Matrix<double> B1 { get; } = b1;
    public Matrix<double> W2 { get; } = w2;
    public Matrix<double> B2 { get; } = b2;

    static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));

    // A column repeated n times side by side: how a bias reaches every sample of the batch.
    static Matrix<double> Repeat(Matrix<double> column, int n) => column * Matrix<double>.Build.Dense(1, n, 1.0);

    public Matrix<double> Predict(Matrix<double> x)
    {
        var h = (W1 * x + Repeat(B1, x.ColumnCount)).Map(Sigmoid);
        return W2 * h + Repeat(B2, x.ColumnCount);
    }

    public double Loss(Matrix<double> x, Matrix<double> y)
    {
        return Losses.HalfMeanSquaredError(Predict(x), y);
    }

    public IReadOnlyDictionary<string, Matrix<double>> Gradient(Matrix<double> x, Matrix<double> y)
    {
        var n = x.ColumnCount;
        var h = (W1 * x + Repeat(B1, n)).Map(Sigmoid);           // forward, keeping h for the way back
        var yHat = W2 * h + Repeat(B2, n);
        var dyHat = (yHat - y) / n;                               // ∂L/∂ŷ
        var dh = W2.TransposeThisAndMultiply(dyHat);              // back through ŷ = W2·h + b2
        var dz = dh.PointwiseMultiply(h.Map(v => v * (1 - v)));   // back through σ: σ'(z) = h(1 − h)
        return new Dictionary<string, Matrix<double>>
        {
            ["W1"] = dz.TransposeAndMultiply(x), ["b1"] = dz.RowSums().ToColumnMatrix(),
            ["W2"] = dyHat.TransposeAndMultiply(h), ["b2"] = dyHat.RowSums().ToColumnMatrix(),
        };
    }
}
