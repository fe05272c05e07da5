using Backprop.Layers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Optimizers;

/// <summary>
/// AdaGrad: each weight gets its own learning rate, smaller the more it has already moved. h ← h + g ⊙ g, then
/// W ← W − η·g / (√h + 1e-7) element by element (1e-7 keeps a never-moved weight from dividing by zero). One h per parameter.
/// </summary>
public sealed class AdaGrad : IOptimizer
{
    /// <summary>Added to √h so that a weight whose gradients were all 0 does not divide by zero (the book's value).</summary>
    public const double Epsilon = 1e-7;

    private readonly Dictionary<Parameter, Matrix<double>> _h = new(ReferenceEqualityComparer.Instance);

    /// <summary>The book's default η = 0.01.</summary>
    public AdaGrad(double learningRate = 0.01) => LearningRate = OptimizerGuard.LearningRate(learningRate);

    /// <inheritdoc />
    public string Name => "AdaGrad";

    /// <summary>The step size η before the per-weight scaling.</summary>
    public double LearningRate { get; }

    /// <summary>The running sum of squared gradients h of <paramref name="parameter"/> (zeros before its first update).</summary>
    public Matrix<double> SumOfSquaresOf(Parameter parameter) => OptimizerGuard.StateOf(_h, parameter);

    /// <inheritdoc />
    public void Update(IEnumerable<Parameter> parameters, IReadOnlyDictionary<string, Matrix<double>> grads)
    {
        OptimizerGuard.NotNull(parameters, grads);
        foreach (var p in parameters)
        {
            var grad = OptimizerGuard.GradientOf(p, grads, Name);
            var h = SumOfSquaresOf(p);
            // h ← h + g ⊙ g
            h.Add(grad.PointwiseMultiply(grad), h);
            // W ← W − η·g / (√h + ε)
            p.Data.Subtract(LearningRate * grad.PointwiseDivide(h.PointwiseSqrt() + Epsilon), p.Data);
        }
    }
}
