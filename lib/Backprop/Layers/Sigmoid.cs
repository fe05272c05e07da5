using Backprop.Functions;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Layers;

/// <summary>Sigmoid layer: out = σ(x); its derivative σ(1−σ) needs only the output, so the output is cached.</summary>
public sealed class Sigmoid(string name = "Sigmoid") : ILayer
{
    private Matrix<double>? _out;

    /// <inheritdoc />
    public string Name { get; } = name;

    /// <summary>out = 1 / (1 + e^−x), remembered for Backward.</summary>
    public Matrix<double> Forward(Matrix<double> x)
    {
        LayerGuard.RequireInput(x, this, Name);
        _out = Activations.Sigmoid(x);
        return _out;
    }

    /// <summary>dx = dout·out·(1 − out), as a new matrix (dout is not modified).</summary>
    public Matrix<double> Backward(Matrix<double> dout)
    {
        LayerGuard.RequireBackward(_out, dout, this, Name);
        return dout.Map2((d, y) => d * y * (1.0 - y), _out!, Zeros.Include);
    }
}
