using Backprop.Errors;
using Backprop.Functions;
using Backprop.Gradients;
using Backprop.Layers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Networks;

/// <summary>
/// The book's SimpleConvNet (chapter 7.5):
/// <code>
/// Conv1 (30 filters 5×5, stride 1, pad 0) → Relu1 → Pool1 (max 2×2, stride 2) → Affine1 (→100) → Relu2 → Affine2 (→10) → SoftmaxWithLoss
/// </code>
/// On 1×28×28 digits: Conv1 gives 30×24×24, Pool1 30×12×12 = 4,320 values per image, the input of Affine1. Batches are one
/// image per row (<see cref="ImageShape"/>), so the MNIST matrices go in as they are. Weights start as weightInitStd·N(0, 1)
/// (the book's 0.01), biases at 0; the parameters W1, b1 (the filters, one per column, and their biases), W2, b2, W3, b3 are
/// the very objects the layers hold, so an optimizer that updates them in place trains the layers.
/// </summary>
public sealed class SimpleConvNet : INetwork
{
    /// <summary>How many images <see cref="Predict"/> runs at once in <see cref="Accuracy"/>: a convolution's intermediate
    /// matrices are large (Conv1's output alone is 17,280 numbers per digit), so a test set goes through in slices.</summary>
    public const int AccuracyBatchSize = 100;

    /// <summary>Builds the network; the defaults are the book's, <c>new SimpleConvNet()</c> for MNIST.</summary>
    /// <param name="input">One image's shape; null for MNIST's 1×28×28.</param>
    /// <param name="filterNum">FN, the number of filters.</param>
    /// <param name="filterSize">FH = FW.</param>
    /// <param name="pad">Zeros around each image before the convolution.</param>
    /// <param name="stride">The convolution's stride.</param>
    /// <param name="hiddenSize">Units of the hidden Affine layer.</param>
    /// <param name="outputSize">Classes.</param>
    /// <param name="weightInitStd">Standard deviation of the initial weights.</param>
    /// <param name="seed">Fixes the initial weights.</param>
    /// <exception cref="ShapeMismatchException">The filter does not fit the image, a stride does not divide, or the
    /// convolution's output has an odd side (2×2 pooling at stride 2 needs an even one).</exception>
    public SimpleConvNet(ImageShape? input = null, int filterNum = 30, int filterSize = 5, int pad = 0, int stride = 1,
        int hiddenSize = 100, int outputSize = 10, double weightInitStd = 0.01, int seed = 0)
    {
        var shape = input ?? new ImageShape(1, 28, 28);
        ArgumentOutOfRangeException.ThrowIfLessThan(filterNum, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(filterSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputSize, 1);
        Input = shape;
        var random = new Random(seed);
        W1 = new Parameter("W1", Initializers.Gaussian(shape.Channels * filterSize * filterSize, filterNum, weightInitStd, random));
        B1 = new Parameter("b1", Matrix<double>.Build.Dense(1, filterNum));
        Conv1 = new Convolution(W1, B1, shape, filterSize, filterSize, stride, pad, "Conv1");
        Relu1 = new Relu("Relu1");
        Pool1 = new Pooling(Conv1.Output, 2, 2, 2, "Pool1");
        W2 = new Parameter("W2", Initializers.Gaussian(Pool1.Output.Size, hiddenSize, weightInitStd, random));
        B2 = new Parameter("b2", Matrix<double>.Build.Dense(1, hiddenSize));
        Affine1 = new Affine(W2, B2, "Affine1");
        Relu2 = new Relu("Relu2");
        W3 = new Parameter("W3", Initializers.Gaussian(hiddenSize, outputSize, weightInitStd, random));
        B3 = new Parameter("b3", Matrix<double>.Build.Dense(1, outputSize));
        Affine2 = new Affine(W3, B3, "Affine2");
        LastLayer = new SoftmaxWithLoss("SoftmaxWithLoss");
        Layers = [Conv1, Relu1, Pool1, Affine1, Relu2, Affine2];
        Parameters = [W1, B1, W2, B2, W3, B3];
    }

    /// <summary>The shape of one input image.</summary>
    public ImageShape Input { get; }

    /// <summary>The filters, (C·FH·FW) × FN: column f is filter f.</summary>
    public Parameter W1 { get; }

    /// <summary>The filters' biases, 1×FN.</summary>
    public Parameter B1 { get; }

    /// <summary>Hidden-layer weights, (FN·OH/2·OW/2) × hidden.</summary>
    public Parameter W2 { get; }

    /// <summary>Hidden-layer bias, 1×hidden.</summary>
    public Parameter B2 { get; }

    /// <summary>Output weights, hidden × output.</summary>
    public Parameter W3 { get; }

    /// <summary>Output bias, 1×output.</summary>
    public Parameter B3 { get; }

    /// <summary>W1, b1, W2, b2, W3, b3 — shared with the layers, in that order.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The convolution (holds W1, b1).</summary>
    public Convolution Conv1 { get; }

    /// <summary>ReLU after the convolution.</summary>
    public Relu Relu1 { get; }

    /// <summary>2×2 max pooling at stride 2.</summary>
    public Pooling Pool1 { get; }

    /// <summary>The hidden Affine layer (holds W2, b2).</summary>
    public Affine Affine1 { get; }

    /// <summary>ReLU after the hidden layer.</summary>
    public Relu Relu2 { get; }

    /// <summary>The output Affine layer (holds W3, b3).</summary>
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

    /// <summary>Mean cross-entropy loss of the batch.</summary>
    public double Loss(Matrix<double> x, Labels t) => LastLayer.Forward(Predict(x), t);

    /// <summary>The fraction of rows whose predicted class equals the label (predicted <see cref="AccuracyBatchSize"/> rows at a time).</summary>
    public double Accuracy(Matrix<double> x, Labels t)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(t);
        if (t.Count != x.RowCount)
            throw new ShapeMismatchException($"SimpleConvNet.Accuracy: x is {Shape.Of(x)} but {t.Count} labels were given (one label per row).");
        var correct = 0;
        for (var start = 0; start < x.RowCount; start += AccuracyBatchSize)
        {
            var rows = Math.Min(AccuracyBatchSize, x.RowCount - start);
            var scores = Predict(x.SubMatrix(start, rows, 0, x.ColumnCount));
            for (var i = 0; i < rows; i++) if (Labels.ArgMax(scores, i) == t.ClassOf(start + i)) correct++;
        }
        return (double)correct / x.RowCount;
    }

    /// <summary>
    /// Backpropagation: the forward pass, then dout = 1 backward through the loss layer and every layer in reverse order.
    /// Returns the gradients the layers computed by parameter name, "W1", "b1", "W2", "b2", "W3", "b3".
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
            ["W1"] = Conv1.DW!, ["b1"] = Conv1.DB!,
            ["W2"] = Affine1.DW!, ["b2"] = Affine1.DB!,
            ["W3"] = Affine2.DW!, ["b3"] = Affine2.DB!,
        };
    }

    /// <summary>The same gradients by central difference (slow: two forward passes per weight; use a small network or a few
    /// images).</summary>
    public IReadOnlyDictionary<string, Matrix<double>> NumericalGradient(Matrix<double> x, Labels t) =>
        Parameters.ToDictionary(p => p.Name, p => Gradients.NumericalGradient.Of(() => Loss(x, t), p.Data));

    /// <summary>Numerical vs backprop gradient for every parameter on this batch.</summary>
    public GradientCheckReport CheckGradient(Matrix<double> x, Labels t)
    {
        var numerical = NumericalGradient(x, t);
        var backprop = Gradient(x, t).ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
        return GradientCheck.Compare(numerical, backprop);
    }
}
