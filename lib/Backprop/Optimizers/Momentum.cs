using Backprop.Layers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Optimizers;

/// <summary>
/// Momentum SGD: a velocity that remembers past steps, v ← αv − η·∂L/∂W, then W ← W + v. Along a direction where the
/// gradient keeps its sign the steps add up; where it flips they cancel. One velocity per parameter, zero at first.
/// </summary>
public sealed class Momentum : IOptimizer
{
    private readonly Dictionary<Parameter, Matrix<double>> _velocity = new(ReferenceEqualityComparer.Instance);

    /// <summary>The book's defaults: η = 0.01, α = 0.9.</summary>
    public Momentum(double learningRate = 0.01, double momentum = 0.9)
    {
        LearningRate = OptimizerGuard.LearningRate(learningRate);
        MomentumRate = OptimizerGuard.Rate(momentum, nameof(momentum));
    }

    /// <inheritdoc />
    public string Name => "Momentum";

    /// <summary>The step size η.</summary>
    public double LearningRate { get; }

    /// <summary>α, the fraction of the velocity kept from one step to the next.</summary>
    public double MomentumRate { get; }

    /// <summary>The velocity v of <paramref name="parameter"/> (zeros before its first update).</summary>
    public Matrix<double> VelocityOf(Parameter parameter) => OptimizerGuard.StateOf(_velocity, parameter);

    /// <inheritdoc />
    public void Update(IEnumerable<Parameter> parameters, IReadOnlyDictionary<string, Matrix<double>> grads)
    {
        OptimizerGuard.NotNull(parameters, grads);
        foreach (var p in parameters)
        {
            var grad = OptimizerGuard.GradientOf(p, grads, Name);
            var v = VelocityOf(p);
            // v ← αv − η·grad, written into v's own storage
            (MomentumRate * v - LearningRate * grad).CopyTo(v);
            // W ← W + v
            p.Data.Add(v, p.Data);
        }
    }
}
