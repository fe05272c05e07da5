using Backprop.Errors;
using Backprop.Functions;
using Backprop.Layers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Networks;

/// <summary>
/// A fully connected network of any depth, as in the book's chapter 6: (Affine → activation) for every hidden layer, then
/// Affine → SoftmaxWithLoss. Parameters W1, b1, …, W(L+1), b(L+1) are shared with the Affine layers; biases start at 0.
/// With <see cref="WeightDecayLambda"/> λ &gt; 0 the loss adds ½λ·ΣW² over every weight matrix (not the biases), so every
/// dW gains λW: large weights are penalised, which curbs overfitting.
/// </summary>
public sealed class MultiLayerNet : INetwork
{
    private readonly List<Affine> _affines = [];

    /// <summary>
    /// Builds e.g. <c>new MultiLayerNet(784, [100, 100, 100, 100], 10)</c>: ReLU and He initialisation unless told otherwise
    /// (the book's defaults). The seed fixes the initial weights.
    /// </summary>
    public MultiLayerNet(int inputSize, IReadOnlyList<int> hiddenSizes, int outputSize, WeightInit? weightInit = null,
        HiddenActivation activation = HiddenActivation.Relu, double weightDecayLambda = 0, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentNullException.ThrowIfNull(hiddenSizes);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputSize, 1);
        if (!(weightDecayLambda >= 0) || !double.IsFinite(weightDecayLambda))
            throw new ArgumentOutOfRangeException(nameof(weightDecayLambda), weightDecayLambda, "λ must be 0 or a positive finite number.");
        WeightInit = weightInit ?? WeightInit.He;
        Activation = activation;
        WeightDecayLambda = weightDecayLambda;

        var random = new Random(seed);
        int[] sizes = [inputSize, .. hiddenSizes, outputSize];
        var layers = new List<ILayer>();
        var parameters = new List<Parameter>();
        for (var i = 1; i < sizes.Length; i++)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(sizes[i], 1, nameof(hiddenSizes));
            var w = new Parameter($"W{i}", Initializers.Gaussian(sizes[i - 1], sizes[i], WeightInit.StdFor(sizes[i - 1]), random));
            var b = new Parameter($"b{i}", Matrix<double>.Build.Dense(1, sizes[i]));
            var affine = new Affine(w, b, $"Affine{i}");
            _affines.Add(affine);
            parameters.AddRange([w, b]);
            layers.Add(affine);
            if (i < sizes.Length - 1)
                layers.Add(activation == HiddenActivation.Relu ? new Relu($"Relu{i}") : new Sigmoid($"Sigmoid{i}"));
        }
        Sizes = sizes;
        Layers = layers;
        Parameters = parameters;
        LastLayer = new SoftmaxWithLoss("SoftmaxWithLoss");
    }

    /// <summary>Units per layer, input first, output last, e.g. [784, 100, 100, 10].</summary>
    public IReadOnlyList<int> Sizes { get; }

    /// <summary>How the initial weights were drawn.</summary>
    public WeightInit WeightInit { get; }

    /// <summary>The activation between Affine layers.</summary>
    public HiddenActivation Activation { get; }

    /// <summary>λ of the weight decay ½λ·ΣW² (0: none).</summary>
    public double WeightDecayLambda { get; }

    /// <summary>W1, b1, W2, b2, … — shared with the Affine layers, in that order.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The layers Predict runs through, in order.</summary>
    public IReadOnlyList<ILayer> Layers { get; }

    /// <summary>Softmax with cross-entropy, used by Loss and Gradient.</summary>
    public SoftmaxWithLoss LastLayer { get; }

    /// <summary>Scores (before softmax), N×output.</summary>
    public Matrix<double> Predict(Matrix<double> x)
    {
        foreach (var layer in Layers) x = layer.Forward(x);
        return x;
    }

    /// <summary>The predicted class of each row (largest score).</summary>
    public int[] PredictLabels(Matrix<double> x)
    {
        var scores = Predict(x);
        return [.. Enumerable.Range(0, scores.RowCount).Select(i => Labels.ArgMax(scores, i))];
    }

    /// <summary>Mean cross-entropy of the batch plus the weight decay ½λ·ΣW².</summary>
    public double Loss(Matrix<double> x, Labels t) => LastLayer.Forward(Predict(x), t) + WeightDecay();

    /// <summary>½λ·ΣW² over the weight matrices (0 when λ = 0).</summary>
    public double WeightDecay() =>
        WeightDecayLambda == 0 ? 0 : 0.5 * WeightDecayLambda * _affines.Sum(a => a.W.Data.PointwisePower(2).Enumerate().Sum());

    /// <summary>The fraction of rows whose predicted class equals the label.</summary>
    public double Accuracy(Matrix<double> x, Labels t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var predicted = PredictLabels(x);
        if (t.Count != predicted.Length)
            throw new ShapeMismatchException($"MultiLayerNet.Accuracy: x is {Shape.Of(x)} but {t.Count} labels were given (one label per row).");
        return (double)Enumerable.Range(0, predicted.Length).Count(i => predicted[i] == t.ClassOf(i)) / predicted.Length;
    }

    /// <summary>
    /// Backpropagation: forward, then backward through the loss and every layer in reverse order. Returns dW1, db1, … by
    /// parameter name; each dW includes the weight decay's λW.
    /// </summary>
    public IReadOnlyDictionary<string, Matrix<double>> Gradient(Matrix<double> x, Labels t)
    {
        // forward
        Loss(x, t);

        // backward
        var dout = LastLayer.Backward(1.0);
        for (var i = Layers.Count - 1; i >= 0; i--) dout = Layers[i].Backward(dout);

        var grads = new Dictionary<string, Matrix<double>>();
        foreach (var a in _affines)
        {
            grads[a.W.Name] = WeightDecayLambda == 0 ? a.DW! : a.DW! + WeightDecayLambda * a.W.Data;
            grads[a.B.Name] = a.DB!;
        }
        return grads;
    }
}
