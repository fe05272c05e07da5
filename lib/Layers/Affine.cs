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
        var result = x * W.Value;
        Broadcast.AddToEveryRow(result, B.Value);
        _x = x;
        _out = result;
        return result;
    }

    /// <summary>Fills W.Gradient = xᵀ·dout and B.Gradient = column sums of dout; returns dx = dout·Wᵀ.</summary>
    public Matrix<double> Backward(Matrix<double> dout)
    {
        LayerGuard.RequireBackward(_out, dout, this, Name);
        FillParameterGradients(dout);
        return dout.TransposeAndMultiply(W.Value);
    }

    /// <summary>
    /// The parameter half of <see cref="Backward"/>: fills W.Gradient = xᵀ·dout and B.Gradient = column sums of dout,
    /// but does not compute dx = dout·Wᵀ. For a first layer, whose input is the data: nothing upstream needs dx.
    /// </summary>
    public void BackwardToParameters(Matrix<double> dout)
    {
        LayerGuard.RequireBackward(_out, dout, this, Name, nameof(BackwardToParameters));
        FillParameterGradients(dout);
    }

    private void FillParameterGradients(Matrix<double> dout)
    {
        _x!.TransposeThisAndMultiply(dout, W.Gradient);
        Broadcast.SumEveryColumn(dout, B.Gradient);
    }
}
