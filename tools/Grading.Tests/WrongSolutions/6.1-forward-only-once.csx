// EXERCISE 6.1: TwoLayerNet's gradient from its layers
// EXPECT: previous batch
class MyTwoLayerNet : IGradientNetwork
{
    public MyTwoLayerNet(Matrix<double> w1, Matrix<double> b1, Matrix<double> w2, Matrix<double> b2)
    {
        Affine1 = new Affine(new Parameter("W1", w1), new Parameter("b1", b1), "Affine1");
        Relu1 = new Relu("Relu1");
        Affine2 = new Affine(new Parameter("W2", w2), new Parameter("b2", b2), "Affine2");
        Layers = [Affine1, Relu1, Affine2];
    }

    public Affine Affine1 { get; }
    public Relu Relu1 { get; }
    public Affine Affine2 { get; }
    public IReadOnlyList<ILayer> Layers { get; }
    public SoftmaxWithLoss LastLayer { get; } = new();

    public Matrix<double> Predict(Matrix<double> x)
    {
        foreach (var layer in Layers) x = layer.Forward(x);
        return x;
    }

    public double Loss(Matrix<double> x, Labels t) => LastLayer.Forward(Predict(x), t);

    public IReadOnlyDictionary<string, Matrix<double>> Gradient(Matrix<double> x, Labels t)
    {
        if (LastLayer.Y is null) Loss(x, t);
        var dout = LastLayer.Backward(1.0);
        for (var i = Layers.Count - 1; i >= 0; i--) dout = Layers[i].Backward(dout);
        return new Dictionary<string, Matrix<double>>
        {
            ["W1"] = Affine1.DW, ["b1"] = Affine1.DB,
            ["W2"] = Affine2.DW, ["b2"] = Affine2.DB,
        };
    }
}
