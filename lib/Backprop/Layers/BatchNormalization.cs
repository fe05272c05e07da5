using Backprop.Errors;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Layers;

/// <summary>
/// Batch Normalization (the book's 6.3) for a batch x (N×D): each feature (column) is normalised over the batch, then
/// scaled by γ and shifted by β (both 1×D rows, learned):
/// <code>
/// μ  = (1/N)·Σᵢ xᵢ                 the column means
/// σ² = (1/N)·Σᵢ (xᵢ − μ)²          the column variances, divided by N as the book does
/// x̂  = (x − μ) / √(σ² + ε)
/// y  = γ·x̂ + β
///
/// dβ = Σᵢ dyᵢ
/// dγ = Σᵢ dyᵢ·x̂ᵢ
/// dx = (1/N)·γ/√(σ² + ε)·(N·dy − Σᵢ dyᵢ − x̂·Σᵢ dyᵢ·x̂ᵢ)
/// </code>
/// dx is the compact form of the node-by-node backward (mean, centring, variance, 1/√, scale, shift): μ and σ² feed every
/// element of their column, so each xᵢ receives gradient along three paths — its own x̂ᵢ, the mean and the variance — and
/// the two sums are what those shared paths add up to.
/// <para>
/// Training and inference. In training (<see cref="Training"/> true, the default) the batch's own μ and σ² are used, and
/// the running averages RunningMean ← m·RunningMean + (1 − m)·μ (same for the variance, momentum m = 0.9) are kept for
/// inference, where one sample must not depend on the others in its batch. Both start at 0, as in the book.
/// </para>
/// γ and β are <see cref="Parameter"/>s shared with the network, as <see cref="Affine"/>'s W and b are.
/// </summary>
public sealed class BatchNormalization : ILayer
{
    /// <summary>
    /// The ε added to the variance so that a feature constant over the batch (σ² = 0) does not divide by zero: the book's
    /// value, written as its common/layers.py writes it, <c>10e-7</c> — that is 10·10⁻⁷ = 1e-6 (in Python as in C#).
    /// </summary>
    public const double DefaultEpsilon = 10e-7;

    /// <summary>The book's momentum of the running mean and variance.</summary>
    public const double DefaultMomentum = 0.9;

    // What Backward needs from Forward: x̂ (N×D) and √(σ² + ε) (1×D, one per feature).
    private Matrix<double>? _xHat;
    private Matrix<double>? _std;
    private Matrix<double>? _out;
    private bool _forwardWasTraining;

    /// <summary>A layer using the given γ and β (1×D rows) by reference.</summary>
    /// <exception cref="ShapeMismatchException">γ or β is not a row, or they differ in width.</exception>
    public BatchNormalization(Parameter gamma, Parameter beta, double momentum = DefaultMomentum,
        double epsilon = DefaultEpsilon, string name = "BatchNorm")
    {
        ArgumentNullException.ThrowIfNull(gamma);
        ArgumentNullException.ThrowIfNull(beta);
        if (!(momentum >= 0 && momentum < 1))
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, $"BatchNormalization '{name}': momentum must be in [0, 1).");
        if (!(epsilon > 0) || !double.IsFinite(epsilon))
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"BatchNormalization '{name}': ε must be a positive finite number.");
        Name = name;
        if (gamma.Data.RowCount != 1 || !Shape.Same(gamma.Data, beta.Data))
            throw new ShapeMismatchException(
                $"BatchNormalization '{name}': γ is {Shape.Of(gamma.Data)} and β is {Shape.Of(beta.Data)} (both must be one 1×D row, one value per feature).");
        Gamma = gamma;
        Beta = beta;
        Momentum = momentum;
        Epsilon = epsilon;
        RunningMean = Matrix<double>.Build.Dense(1, gamma.Data.ColumnCount);
        RunningVariance = Matrix<double>.Build.Dense(1, gamma.Data.ColumnCount);
    }

    /// <summary>A layer for <paramref name="features"/> columns owning new parameters "gamma" (ones) and "beta" (zeros).</summary>
    public BatchNormalization(int features, string name = "BatchNorm")
        : this(new Parameter("gamma", Matrix<double>.Build.Dense(1, CheckedWidth(features), 1.0)),
               new Parameter("beta", Matrix<double>.Build.Dense(1, features)), name: name) { }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The scale γ, a 1×D row (starts at 1 in the book's networks).</summary>
    public Parameter Gamma { get; }

    /// <summary>The shift β, a 1×D row (starts at 0).</summary>
    public Parameter Beta { get; }

    /// <summary>The momentum m of the running averages.</summary>
    public double Momentum { get; }

    /// <summary>The ε under the square root.</summary>
    public double Epsilon { get; }

    /// <summary>True (the default): normalise with the batch's statistics and update the running ones. False: use the running ones.</summary>
    public bool Training { get; set; } = true;

    /// <summary>The running mean of the features (1×D), updated by each training Forward, used at inference.</summary>
    public Matrix<double> RunningMean { get; }

    /// <summary>The running variance of the features (1×D), updated by each training Forward, used at inference.</summary>
    public Matrix<double> RunningVariance { get; }

    /// <summary>∂L/∂γ = Σᵢ dyᵢ·x̂ᵢ from the last Backward (1×D), or null before the first.</summary>
    public Matrix<double>? DGamma { get; private set; }

    /// <summary>∂L/∂β = Σᵢ dyᵢ from the last Backward (1×D), or null before the first.</summary>
    public Matrix<double>? DBeta { get; private set; }

    /// <summary>y = γ·x̂ + β, with x̂ from the batch's statistics in training, from the running ones at inference.</summary>
    /// <exception cref="ShapeMismatchException">x does not have one column per feature.</exception>
    /// <exception cref="ArgumentException">A training batch of one sample: its variance is 0 and x̂ would be 0 whatever x is.</exception>
    public Matrix<double> Forward(Matrix<double> x)
    {
        LayerGuard.RequireInput(x, this, Name);
        var where = LayerGuard.Where(this, Name, "Forward");
        if (x.ColumnCount != Gamma.Data.ColumnCount)
            throw new ShapeMismatchException(
                $"{where}: input is {Shape.Of(x)} but γ is {Shape.Of(Gamma.Data)} (one input column per feature).");
        var n = x.RowCount;
        Matrix<double> xc, variance;
        if (Training)
        {
            // With N = 1 each sample is its own mean: x − μ = 0, σ² = 0, so x̂ = 0 and y = β for every input — nothing to learn.
            if (n < 2)
                throw new ArgumentException(
                    $"{where}: input is {Shape.Of(x)}, a batch of one sample; in training the layer normalises over the batch, " +
                    "and one sample's variance is 0, so every output would be β. Train on batches of at least 2, or set Training = false.", nameof(x));
            var mu = x.ColumnSums().ToRowMatrix() / n;
            xc = x - Rows(n) * mu;
            variance = xc.PointwisePower(2).ColumnSums().ToRowMatrix() / n;
            // running = m·running + (1 − m)·this batch's, written into the same matrices
            (Momentum * RunningMean + (1 - Momentum) * mu).CopyTo(RunningMean);
            (Momentum * RunningVariance + (1 - Momentum) * variance).CopyTo(RunningVariance);
        }
        else
        {
            xc = x - Rows(n) * RunningMean;
            variance = RunningVariance;
        }
        _forwardWasTraining = Training;
        _std = (variance + Epsilon).PointwiseSqrt();
        _xHat = xc.PointwiseDivide(Rows(n) * _std);
        _out = _xHat.PointwiseMultiply(Rows(n) * Gamma.Data) + Rows(n) * Beta.Data;
        return _out;
    }

    /// <summary>
    /// Sets DGamma and DBeta; returns dx by the compact formula after a training Forward, or dx = γ/√(σ² + ε)·dy after an
    /// inference one (the running statistics do not depend on x). The mode is the one the last Forward ran in.
    /// </summary>
    public Matrix<double> Backward(Matrix<double> dout)
    {
        LayerGuard.RequireBackward(_out, dout, this, Name);
        var n = dout.RowCount;
        DBeta = dout.ColumnSums().ToRowMatrix();
        DGamma = dout.PointwiseMultiply(_xHat!).ColumnSums().ToRowMatrix();
        var scale = Rows(n) * Gamma.Data.PointwiseDivide(_std!);  // γ/√(σ² + ε) in every row
        if (!_forwardWasTraining) return dout.PointwiseMultiply(scale);
        return scale.PointwiseMultiply(n * dout - Rows(n) * DBeta - _xHat!.PointwiseMultiply(Rows(n) * DGamma)) / n;
    }

    // A column of N ones: ones·row repeats the row N times, NumPy's broadcasting of a 1×D row over N×D.
    private static Matrix<double> Rows(int n) => Matrix<double>.Build.Dense(n, 1, 1.0);

    private static int CheckedWidth(int features)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        return features;
    }
}
