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
/// <para>
/// As the book's MultiLayerNetExtend, each hidden layer can also have Batch Normalization after its Affine (parameters
/// gamma1, beta1, …) and Dropout after its activation: Affine → BatchNorm → activation → Dropout. Both behave differently
/// in training and at inference: <see cref="Gradient"/> runs in training mode (batch statistics, random masks),
/// <see cref="Loss(Matrix{double}, Labels)"/>, <see cref="Predict"/> and <see cref="Accuracy"/> at inference unless told.
/// </para>
/// </summary>
public sealed class MultiLayerNet : INetwork
{
    private readonly List<Affine> _affines = [];
    private readonly List<BatchNormalization> _batchNorms = [];

    /// <summary>
    /// Builds e.g. <c>new MultiLayerNet(784, [100, 100, 100, 100], 10)</c>: ReLU and He initialisation unless told otherwise
    /// (the book's defaults). The seed fixes the initial weights (the same with or without batch norm and dropout) and the
    /// dropout masks. <paramref name="useBatchNorm"/> puts a BatchNormalization after every hidden Affine;
    /// <paramref name="dropoutRatio"/> &gt; 0 a Dropout with that ratio after every hidden activation.
    /// </summary>
    public MultiLayerNet(int inputSize, IReadOnlyList<int> hiddenSizes, int outputSize, WeightInit? weightInit = null,
        HiddenActivation activation = HiddenActivation.Relu, double weightDecayLambda = 0, int seed = 0,
        bool useBatchNorm = false, double dropoutRatio = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentNullException.ThrowIfNull(hiddenSizes);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputSize, 1);
        if (!(weightDecayLambda >= 0) || !double.IsFinite(weightDecayLambda))
            throw new ArgumentOutOfRangeException(nameof(weightDecayLambda), weightDecayLambda, "λ must be 0 or a positive finite number.");
        WeightInit = weightInit ?? WeightInit.He;
        Activation = activation;
        if (!(dropoutRatio >= 0 && dropoutRatio < 1))
            throw new ArgumentOutOfRangeException(nameof(dropoutRatio), dropoutRatio, "The dropout ratio must be in [0, 1) (0: no dropout).");
        WeightDecayLambda = weightDecayLambda;
        UseBatchNorm = useBatchNorm;
        DropoutRatio = dropoutRatio;

        var random = new Random(seed);
        // A generator of its own, so that adding dropout does not change the weights drawn from the seed.
        var dropoutSeeds = new Random(seed + 1);
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
            if (i == sizes.Length - 1) break;
            if (useBatchNorm)
            {
                // γ starts at 1 and β at 0: at first the layer only normalises.
                var gamma = new Parameter($"gamma{i}", Matrix<double>.Build.Dense(1, sizes[i], 1.0));
                var beta = new Parameter($"beta{i}", Matrix<double>.Build.Dense(1, sizes[i]));
                var batchNorm = new BatchNormalization(gamma, beta, name: $"BatchNorm{i}");
                _batchNorms.Add(batchNorm);
                parameters.AddRange([gamma, beta]);
                layers.Add(batchNorm);
            }
            layers.Add(activation == HiddenActivation.Relu ? new Relu($"Relu{i}") : new Sigmoid($"Sigmoid{i}"));
            if (dropoutRatio > 0) layers.Add(new Dropout(dropoutRatio, dropoutSeeds.Next(), $"Dropout{i}"));
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

    /// <summary>Whether every hidden Affine is followed by a BatchNormalization.</summary>
    public bool UseBatchNorm { get; }

    /// <summary>The ratio of the Dropout after every hidden activation (0: no dropout layers).</summary>
    public double DropoutRatio { get; }

    /// <summary>W1, b1, (gamma1, beta1,) W2, b2, … — shared with the layers, in the order of the layers.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The layers Predict runs through, in order.</summary>
    public IReadOnlyList<ILayer> Layers { get; }

    /// <summary>Softmax with cross-entropy, used by Loss and Gradient.</summary>
    public SoftmaxWithLoss LastLayer { get; }

    /// <summary>
    /// Scores (before softmax), N×output. <paramref name="training"/> switches batch norm to the batch's statistics and
    /// dropout to random masks; false (the default) uses the running statistics and keeps every unit.
    /// </summary>
    public Matrix<double> Predict(Matrix<double> x, bool training = false)
    {
        foreach (var layer in Layers)
        {
            if (layer is BatchNormalization batchNorm) batchNorm.Training = training;
            if (layer is Dropout dropout) dropout.Training = training;
            x = layer.Forward(x);
        }
        return x;
    }

    /// <summary>The predicted class of each row (largest score).</summary>
    public int[] PredictLabels(Matrix<double> x)
    {
        var scores = Predict(x);
        return [.. Enumerable.Range(0, scores.RowCount).Select(i => Labels.ArgMax(scores, i))];
    }

    /// <summary>Mean cross-entropy of the batch plus the weight decay ½λ·ΣW², at inference (see <see cref="Predict"/>).</summary>
    public double Loss(Matrix<double> x, Labels t) => Loss(x, t, training: false);

    /// <summary>The loss in the given mode; in training mode it is the function <see cref="Gradient"/> differentiates.</summary>
    public double Loss(Matrix<double> x, Labels t, bool training) => LastLayer.Forward(Predict(x, training), t) + WeightDecay();

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
    /// parameter name; each dW includes the weight decay's λW. The forward runs in training mode.
    /// </summary>
    public IReadOnlyDictionary<string, Matrix<double>> Gradient(Matrix<double> x, Labels t)
    {
        // forward
        Loss(x, t, training: true);

        // backward
        var dout = LastLayer.Backward(1.0);
        for (var i = Layers.Count - 1; i >= 0; i--) dout = Layers[i].Backward(dout);

        var grads = new Dictionary<string, Matrix<double>>();
        foreach (var a in _affines)
        {
            grads[a.W.Name] = WeightDecayLambda == 0 ? a.DW! : a.DW! + WeightDecayLambda * a.W.Data;
            grads[a.B.Name] = a.DB!;
        }
        foreach (var bn in _batchNorms)
        {
            grads[bn.Gamma.Name] = bn.DGamma!;
            grads[bn.Beta.Name] = bn.DBeta!;
        }
        return grads;
    }
}
