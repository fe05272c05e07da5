using System.Runtime.InteropServices;
using Backprop.Layers;
using Backprop.Optimizers;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using Lanes = System.Numerics.Vector<double>;

namespace Backprop.Performance;

/// <summary>
/// <see cref="Sgd"/>'s step W ← W − lr·dW written into the weights' storage, element by element: Sgd's lr·dW allocates a
/// temporary matrix (313 KB for MNIST's W1, on the large-object heap) on every step. Each element gets exactly Sgd's scalar
/// arithmetic (a product, then a difference; no fused multiply-add), so both end with the same weights bit for bit.
/// </summary>
public sealed class FastSgd : IOptimizer
{
    private readonly Sgd _checked;

    /// <summary>An optimizer with the given learning rate, checked as <see cref="Sgd"/> checks it.</summary>
    public FastSgd(double learningRate = 0.1) => _checked = new Sgd(learningRate);

    /// <inheritdoc />
    public string Name => _checked.Name;

    /// <summary>The step size lr.</summary>
    public double LearningRate => _checked.LearningRate;

    /// <inheritdoc />
    public void Update(IEnumerable<Parameter> parameters, IReadOnlyDictionary<string, Matrix<double>> grads)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(grads);
        foreach (var p in parameters)
        {
            if (!grads.TryGetValue(p.Name, out var grad))
                throw new KeyNotFoundException($"FastSgd.Update: there is no gradient named \"{p.Name}\" (gradients: {string.Join(", ", grads.Keys)}).");
            Step(p.Data, grad);
        }
    }

    private void Step(Matrix<double> data, Matrix<double> gradient)
    {
        if (data is not DenseMatrix { Values: var w } || gradient is not DenseMatrix { Values: var g } || g.Length != w.Length)
        {
            data.Subtract(LearningRate * gradient, data);
            return;
        }
        var rate = LearningRate;
        var values = MemoryMarshal.Cast<double, Lanes>(w.AsSpan());
        var gradients = MemoryMarshal.Cast<double, Lanes>(g.AsSpan());
        for (var k = 0; k < values.Length; k++) values[k] -= rate * gradients[k];
        for (var k = values.Length * Lanes.Count; k < w.Length; k++) w[k] -= rate * g[k];
    }
}
