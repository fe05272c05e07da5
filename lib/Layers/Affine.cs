using Backprop.Errors;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Layers;

/// <summary>
/// Affine (fully connected) layer: out = x·W + b for a batch x (N×in), W (in×out) and b (1×out, added to
/// every row). Backward: dx = dout·Wᵀ, dW = xᵀ·dout, db = column sums of dout (the bias was added to every
/// row, so its gradient collects every row). W and b are <see cref="Parameter"/>s shared with the network.
/// </summary>
public sealed class Affine : ILayer
{
    private Matrix<double>? _x;
    private Matrix<double>? _out;

    /// <summary>A layer using the given parameters by reference (updates to their values are seen here).</summary>
    /// <exception cref="ShapeMismatchException">b is not 1×(W columns).</exception>
    public Affine(Parameter w, Parameter b, string name = "Affine")
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(b);
        Name = name;
        if (b.Value.RowCount != 1 || b.Value.ColumnCount != w.Value.ColumnCount)
            throw new ShapeMismatchException(
                $"Affine '{name}': b is {Shape.Of(b.Value)} but W is {Shape.Of(w.Value)} (b must be a 1×{w.Value.ColumnCount} row, one bias per output).");
        W = w;
        B = b;
    }

    /// <summary>A layer owning new parameters "W" and "b" that wrap the given matrices (not copied).</summary>
    public Affine(Matrix<double> w, Matrix<double> b, string name = "Affine")
        : this(new Parameter("W", w), new Parameter("b", b), name) { }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The weights, in×out.</summary>
    public Parameter W { get; }

    /// <summary>The bias, a 1×out row.</summary>
    public Parameter B { get; }

    /// <summary>out = x·W + b (b added to each row); remembers x for Backward.</summary>
    public Matrix<double> Forward(Matrix<double> x)
    {
        LayerGuard.RequireInput(x, this, Name);
        if (x.ColumnCount != W.Value.RowCount)
            throw new ShapeMismatchException(
                $"{LayerGuard.Where(this, Name, "Forward")}: input is {Shape.Of(x)} but W is {Shape.Of(W.Value)} (input columns must equal W rows).");
        var b = B.Value;
        var result = x * W.Value;
        result.MapIndexedInplace((_, j, v) => v + b.At(0, j), Zeros.Include);
        _x = x;
        _out = result;
        return result;
    }

    /// <summary>Fills W.Gradient = xᵀ·dout and B.Gradient = column sums of dout; returns dx = dout·Wᵀ.</summary>
    public Matrix<double> Backward(Matrix<double> dout)
    {
        LayerGuard.RequireBackward(_out, dout, this, Name);
        var dx = dout.TransposeAndMultiply(W.Value);
        _x!.TransposeThisAndMultiply(dout, W.Gradient);
        for (var j = 0; j < dout.ColumnCount; j++)
        {
            var sum = 0.0;
            for (var i = 0; i < dout.RowCount; i++) sum += dout.At(i, j);
            B.Gradient.At(0, j, sum);
        }
        return dx;
    }
}
