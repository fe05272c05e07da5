using Backprop.Layers;
using Backprop.Optimizers;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;

namespace Backprop.Performance;

/// <summary>
/// <see cref="Adam"/>'s step written into the storage of m, v and the weights, element by element: Adam's matrix
/// expressions allocate about ten temporaries per parameter and step (3.5 MB each for SimpleConvNet's W2). Each element gets
/// exactly Adam's scalar arithmetic in Adam's order (products, sums, √, quotient; no fused multiply-add), so both end with the
/// same weights bit for bit (FastSimpleConvNetTests).
/// </summary>
public sealed class FastAdam : IOptimizer
{
    private readonly Adam _checked;
    private readonly Dictionary<Parameter, (double[] M, double[] V)> _moments = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Parameter, int> _steps = new(ReferenceEqualityComparer.Instance);

    /// <summary>An optimizer with Adam's hyperparameters, checked as <see cref="Adam"/> checks them.</summary>
    public FastAdam(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999) => _checked = new Adam(learningRate, beta1, beta2);

    /// <inheritdoc />
    public string Name => _checked.Name;

    /// <inheritdoc />
    public void Update(IEnumerable<Parameter> parameters, IReadOnlyDictionary<string, Matrix<double>> grads)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(grads);
        double lr = _checked.LearningRate, beta1 = _checked.Beta1, beta2 = _checked.Beta2;
        foreach (var p in parameters)
        {
            if (!grads.TryGetValue(p.Name, out var grad))
                throw new KeyNotFoundException($"FastAdam.Update: there is no gradient named \"{p.Name}\" (gradients: {string.Join(", ", grads.Keys)}).");
            if (p.Data is not DenseMatrix { Values: var w } || grad.RowCount != p.Data.RowCount || grad.ColumnCount != p.Data.ColumnCount)
                throw new ArgumentException($"FastAdam.Update: \"{p.Name}\" needs a dense parameter and a gradient of its shape; use Adam.");
            var g = grad.AsColumnMajorArray() ?? grad.ToColumnMajorArray();
            if (!_moments.TryGetValue(p, out var state)) _moments[p] = state = (new double[w.Length], new double[w.Length]);
            var t = _steps[p] = _steps.GetValueOrDefault(p) + 1;
            var lrT = lr * Math.Sqrt(1 - Math.Pow(beta2, t)) / (1 - Math.Pow(beta1, t));
            var (m, v) = state;
            for (var i = 0; i < w.Length; i++)
            {
                m[i] = beta1 * m[i] + (1 - beta1) * g[i];
                v[i] = beta2 * v[i] + (1 - beta2) * (g[i] * g[i]);
                w[i] = w[i] - lrT * (m[i] / (Math.Sqrt(v[i]) + Adam.Epsilon));
            }
        }
    }
}
