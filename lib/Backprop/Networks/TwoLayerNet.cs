using Backprop.Errors;
using Backprop.Functions;
using Backprop.Gradients;
using Backprop.Layers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Networks;

/// <summary>
/// The book's two-layer network: Affine1 → Relu1 → Affine2 → SoftmaxWithLoss, batches one sample per row.
/// Its <see cref="Parameters"/> (W1, b1, W2, b2) are the very objects the Affine layers hold, so an optimizer
/// that updates them in place trains the layers. Weights start as weightInitStd·N(0, 1) from
/// <see cref="Initializers.Gaussian"/> with a seeded <see cref="Random"/>; biases start at 0.
/// </summary>
public sealed class TwoLayerNet : INetwork
{
    /// <summary>Builds the network, e.g. <c>new TwoLayerNet(784, 50, 10)</c> for MNIST.</summary>
    public TwoLayerNet(int inputSize, int hiddenSize, int outputSize, double weightInitStd = 0.01, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputSize, 1);
        var random = new Random(seed);
        W1 = new Parameter("W1", Initializers.Gaussian(inputSize, hiddenSize, weightInitStd, random));
        B1 = new Parameter("b1", Matrix<double>.Build.Dense(1, hiddenSize));
        W2 = new Parameter("W2", Initializers.Gaussian(hiddenSize, outputSize, weightInitStd, random));
        B2 = new Parameter("b2", Matrix<double>.Build.Dense(1, outputSize));
        Affine1 = new Affine(W1, B1, "Affine1");
        Relu1 = new Relu("Relu1");
        Affine2 = new Affine(W2, B2, "Affine2");
        LastLayer = new SoftmaxWithLoss("SoftmaxWithLoss");
        Layers = [Affine1, Relu1, Affine2];
        Parameters = [W1, B1, W2, B2];
    }

    /// <summary>First-layer weights, input×hidden.</summary>
    public Parameter W1 { get; }

    /// <summary>First-layer bias, 1×hidden.</summary>
    public Parameter B1 { get; }

    /// <summary>Second-layer weights, hidden×output.</summary>
    public Parameter W2 { get; }

    /// <summary>Second-layer bias, 1×output.</summary>
    public Parameter B2 { get; }

    /// <summary>W1, b1, W2, b2 — shared with the layers, in that order.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The first Affine layer (holds W1, b1).</summary>
    public Affine Affine1 { get; }

    /// <summary>The hidden activation.</summary>
    public Relu Relu1 { get; }

    /// <summary>The second Affine layer (holds W2, b2).</summary>
    public Affine Affine2 { get; }

    /// <summary>The layers Predict runs through, in order.</summary>
    public IReadOnlyList<ILayer> Layers { get; }

    /// <summary>Softmax with cross-entropy, used by Loss and Gradient.</summary>
    public SoftmaxWithLoss LastLayer { get; }

    /// <summary>Scores (before softmax), N×output: the layers in order.</summary>
    public Matrix<double> Predict(Matrix<double> x)
    {
        foreach (var layer in Layers) x = layer.Forward(x);
        return x;
    }

    /// <summary>The predicted class of each row (largest score).</summary>
    public int[] PredictLabels(Matrix<double> x)
    {
        var scores = Predict(x);
        var labels = new int[scores.RowCount];
        for (var i = 0; i < labels.Length; i++) labels[i] = Labels.ArgMax(scores, i);
        return labels;
    }

    /// <summary>Mean cross-entropy loss of the batch.</summary>
    public double Loss(Matrix<double> x, Labels t) => LastLayer.Forward(Predict(x), t);

    /// <summary>The fraction of rows whose predicted class equals the label.</summary>
    public double Accuracy(Matrix<double> x, Labels t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var predicted = PredictLabels(x);
        if (t.Count != predicted.Length)
            throw new ShapeMismatchException($"TwoLayerNet.Accuracy: x is {Shape.Of(x)} but {t.Count} labels were given (one label per row).");
        var correct = 0;
        for (var i = 0; i < predicted.Length; i++) if (predicted[i] == t.ClassOf(i)) correct++;
        return (double)correct / predicted.Length;
    }

    /// <summary>
    /// Backpropagation, as lesson 6 writes it: the forward pass, then dout = 1 backward through the loss layer and every
    /// layer in reverse order. Returns the gradients the Affine layers computed (<see cref="Affine.DW"/>, <see cref="Affine.DB"/>)
    /// by parameter name, "W1", "b1", "W2", "b2".
    /// </summary>
    public IReadOnlyDictionary<string, Matrix<double>> Gradient(Matrix<double> x, Labels t)
    {
        // forward
        Loss(x, t);

        // backward
        var dout = LastLayer.Backward(1.0);
        foreach (var layer in Layers.Reverse()) dout = layer.Backward(dout);

        return new Dictionary<string, Matrix<double>>
        {
            ["W1"] = Affine1.DW!, ["b1"] = Affine1.DB!,
            ["W2"] = Affine2.DW!, ["b2"] = Affine2.DB!,
        };
    }

    /// <summary>The same gradients by central difference (slow: two forward passes per weight).</summary>
    public IReadOnlyDictionary<string, Matrix<double>> NumericalGradient(Matrix<double> x, Labels t) =>
        Parameters.ToDictionary(p => p.Name, p => Gradients.NumericalGradient.Of(() => Loss(x, t), p.Data));

    /// <summary>Numerical vs backprop gradient for every parameter on this batch (use a few samples: it is slow).</summary>
    public GradientCheckReport CheckGradient(Matrix<double> x, Labels t)
    {
        var numerical = NumericalGradient(x, t);
        var backprop = Gradient(x, t).ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
        return GradientCheck.Compare(numerical, backprop);
    }
}
