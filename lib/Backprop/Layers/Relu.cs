using Backprop.Functions;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Layers;

/// <summary>ReLU layer: passes positive inputs through and blocks the gradient where the input was ≤ 0.</summary>
public sealed class Relu(string name = "Relu") : ILayer
{
    // 0 where x <= 0, 1 elsewhere: Backward multiplies by it instead of writing zeros into dout.
    private Matrix<double>? _mask;

    /// <inheritdoc />
    public string Name { get; } = name;

    /// <summary>out = max(0, x), remembering where x ≤ 0.</summary>
    public Matrix<double> Forward(Matrix<double> x)
    {
        LayerGuard.RequireInput(x, this, Name);
        // Written as the book's mask (x <= 0) rather than x > 0, so a NaN input stays NaN and is reported
        // by the loss instead of silently becoming 0.
        _mask = x.Map(v => v <= 0 ? 0.0 : 1.0, Zeros.Include);
        return x.Map(Activations.Relu, Zeros.Include);
    }

    /// <summary>dx = dout where x &gt; 0, 0 where x ≤ 0.</summary>
    public Matrix<double> Backward(Matrix<double> dout)
    {
        LayerGuard.RequireBackward(_mask, dout, this, Name);
        // The Python original does dout[self.mask] = 0, changing the caller's array; a caller that still
        // uses dout (another branch of the graph, a test, a chart) would then see wrong numbers. A new matrix.
        return dout.PointwiseMultiply(_mask!);
    }
}
