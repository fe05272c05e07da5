// EXERCISE 6.7: Capstone: a network from your own layers
// EXPECT: compare each of your layers
// Your own layers, in the book's layout (one sample per row); Forward caches what Backward needs; Backward returns new matrices
// and never writes into its argument. No Backprop.Layers, Networks, Training, Activations or Losses: MathNet only.
// - CapAffine(W, b): keeps the very W (in×out) and b (1×out) it is given. Forward(x) = x·W + b for every row; Backward(dout)
//   sets DW, DB (their parameter's shapes) and returns dx.
// - CapRelu: Forward(x) keeps the positive elements and zeroes the rest; Backward(dout) returns ∂L/∂x.
// - CapSoftmaxWithLoss: Forward(scores, t) returns the mean cross-entropy (with 1e-7 inside the log) of the row-wise softmax
//   for labels t (indices or one-hot); Backward() returns ∂L/∂scores.
// - MyNet(W1, b1, W2, b2): Predict(x) returns the scores (N×classes, before the softmax); Loss(x, t) the mean loss;
//   Gradient(x, t) returns ∂L/∂W1, ∂L/∂b1, ∂L/∂W2, ∂L/∂b2 by name ("W1", …).
class CapAffine(Matrix<double> w, Matrix<double> b)
{
    public Matrix<double> W { get; } = w;
    public Matrix<double> B { get; } = b;
    public Matrix<double> DW { get; private set; }
    public Matrix<double> DB { get; private set; }
    Matrix<double> X { get; set; }

    public Matrix<double> Forward(Matrix<double> x)
    {
        X = x;
        return x * W + Matrix<double>.Build.Dense(x.RowCount, 1, 1.0) * B;
    }

    public Matrix<double> Backward(Matrix<double> dout)
    {
        DW = X.TransposeThisAndMultiply(dout);
        DB = dout.ColumnSums().ToRowMatrix();
        return dout.TransposeAndMultiply(W);
    }
}

class CapRelu
{
    Matrix<double> Mask { get; set; }

    public Matrix<double> Forward(Matrix<double> x)
    {
        Mask = x.Map(v => v > 0 ? 1.0 : 0.0);
        return x.PointwiseMultiply(Mask);
    }

    public Matrix<double> Backward(Matrix<double> dout)
    {
        return dout.PointwiseMultiply(Mask);
    }
}

class CapSoftmaxWithLoss
{
    Matrix<double> Y { get; set; }
    int[] T { get; set; }

    public double Forward(Matrix<double> scores, Labels t)
    {
        T = t.ToIndices();
        Y = Matrix<double>.Build.Dense(scores.RowCount, scores.ColumnCount);
        var loss = 0.0;
        var total = (scores - scores.Enumerate().Max()).PointwiseExp().Enumerate().Sum();
        for (var i = 0; i < scores.RowCount; i++)
        {
            Y.SetRow(i, (scores.Row(i) - scores.Enumerate().Max()).PointwiseExp() / total);
            loss -= Math.Log(Y[i, T[i]] + 1e-7);
        }
        return loss / scores.RowCount;
    }

    public Matrix<double> Backward()
    {
        var dx = Y.Clone();
        for (var i = 0; i < dx.RowCount; i++) dx[i, T[i]] -= 1.0;
        return dx / dx.RowCount;
    }
}

class MyNet : ICapstoneNetwork
{
    public MyNet(Matrix<double> w1, Matrix<double> b1, Matrix<double> w2, Matrix<double> b2)
    {
        Affine1 = new CapAffine(w1, b1);
        Relu1 = new CapRelu();
        Affine2 = new CapAffine(w2, b2);
    }

    public CapAffine Affine1 { get; }
    public CapRelu Relu1 { get; }
    public CapAffine Affine2 { get; }
    public CapSoftmaxWithLoss LastLayer { get; } = new();

    public Matrix<double> Predict(Matrix<double> x)
    {
        return Affine2.Forward(Relu1.Forward(Affine1.Forward(x)));
    }

    public double Loss(Matrix<double> x, Labels t)
    {
        return LastLayer.Forward(Predict(x), t);
    }

    public IReadOnlyDictionary<string, Matrix<double>> Gradient(Matrix<double> x, Labels t)
    {
        Loss(x, t);
        Affine1.Backward(Relu1.Backward(Affine2.Backward(LastLayer.Backward())));
        return new Dictionary<string, Matrix<double>>
        {
            ["W1"] = Affine1.DW, ["b1"] = Affine1.DB,
            ["W2"] = Affine2.DW, ["b2"] = Affine2.DB,
        };
    }
}
