using Backprop.Layers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Optimizers;

/// <summary>
/// Adam: Momentum's running mean of the gradient m and AdaGrad's per-weight scaling, by a running mean of the squared
/// gradient v, both forgetting the past (β₁, β₂). At step t (counted per parameter from 1):
/// m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², and W ← W − η·m̂ / (√v̂ + ε) with the bias-corrected
/// m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ). Without the correction the first steps would be tiny, because m and v start at 0.
/// Written as the book's code does: η_t = η·√(1 − β₂ᵗ) / (1 − β₁ᵗ), then W ← W − η_t·m / (√v + ε) — the same step, with
/// ε = 1e-7 scaled by √(1 − β₂ᵗ) (a difference below 1e-5 of a step for gradients of order 0.1 or more).
/// </summary>
public sealed class Adam : IOptimizer
{
    /// <summary>Added to √v so that a weight whose gradients were all 0 does not divide by zero (the book's value).</summary>
    public const double Epsilon = 1e-7;

    private readonly Dictionary<Parameter, Matrix<double>> _m = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Parameter, Matrix<double>> _v = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Parameter, int> _steps = new(ReferenceEqualityComparer.Instance);

    /// <summary>The book's defaults: η = 0.001, β₁ = 0.9, β₂ = 0.999.</summary>
    public Adam(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999)
    {
        LearningRate = OptimizerGuard.LearningRate(learningRate);
        Beta1 = OptimizerGuard.Rate(beta1, nameof(beta1));
        Beta2 = OptimizerGuard.Rate(beta2, nameof(beta2));
    }

    /// <inheritdoc />
    public string Name => "Adam";

    /// <summary>The step size η.</summary>
    public double LearningRate { get; }

    /// <summary>β₁, how much of the running mean of the gradient is kept per step.</summary>
    public double Beta1 { get; }

    /// <summary>β₂, how much of the running mean of the squared gradient is kept per step.</summary>
    public double Beta2 { get; }

    /// <summary>The running mean of the gradient m of <paramref name="parameter"/> (zeros before its first update).</summary>
    public Matrix<double> FirstMomentOf(Parameter parameter) => OptimizerGuard.StateOf(_m, parameter);

    /// <summary>The running mean of the squared gradient v of <paramref name="parameter"/> (zeros before its first update).</summary>
    public Matrix<double> SecondMomentOf(Parameter parameter) => OptimizerGuard.StateOf(_v, parameter);

    /// <summary>How many updates <paramref name="parameter"/> has had: the t of the bias correction.</summary>
    public int StepsOf(Parameter parameter) => _steps.GetValueOrDefault(parameter);

    /// <inheritdoc />
    public void Update(IEnumerable<Parameter> parameters, IReadOnlyDictionary<string, Matrix<double>> grads)
    {
        OptimizerGuard.NotNull(parameters, grads);
        foreach (var p in parameters)
        {
            var grad = OptimizerGuard.GradientOf(p, grads, Name);
            var t = _steps[p] = StepsOf(p) + 1;
            var m = FirstMomentOf(p);
            var v = SecondMomentOf(p);
            // η_t = η·√(1 − β₂ᵗ) / (1 − β₁ᵗ): the bias correction of m̂ and v̂ folded into the step size
            var lrT = LearningRate * Math.Sqrt(1 - Math.Pow(Beta2, t)) / (1 - Math.Pow(Beta1, t));
            // m ← β₁m + (1 − β₁)g,  v ← β₂v + (1 − β₂)g²
            (Beta1 * m + (1 - Beta1) * grad).CopyTo(m);
            (Beta2 * v + (1 - Beta2) * grad.PointwiseMultiply(grad)).CopyTo(v);
            // W ← W − η_t·m / (√v + ε)
            p.Data.Subtract(lrT * m.PointwiseDivide(v.PointwiseSqrt() + Epsilon), p.Data);
        }
    }
}
