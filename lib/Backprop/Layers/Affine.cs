using Backprop.Errors;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Layers;

/// <summary>
/// Affine (fully connected) layer for a batch x (N×in), weights W (in×out) and bias b (1×out, added to every row):
/// <code>
/// out = x·W + b
/// dx  = dout·Wᵀ
/// dW  = xᵀ·dout
/// db  = column sums of dout   (b was added to every row, so its gradient collects every row)
/// </code>
/// W and b are <see cref="Parameter"/>s shared with the network, so an in-place update of their values trains this layer.
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
        if (b.Data.RowCount != 1 || b.Data.ColumnCount != w.Data.ColumnCount)
            throw new ShapeMismatchException(
                $"Affine '{name}': b is {Shape.Of(b.Data)} but W is {Shape.Of(w.Data)} (b must be a 1×{w.Data.ColumnCount} row, one bias per output).");
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

    /// <summary>∂L/∂W = xᵀ·dout from the last Backward (in×out), or null before the first.</summary>
    public Matrix<double>? DW { get; private set; }

    /// <summary>∂L/∂b = the column sums of dout from the last Backward (1×out), or null before the first.</summary>
    public Matrix<double>? DB { get; private set; }

    /// <summary>out = x·W + b (b added to each row); remembers x for Backward.</summary>
    public Matrix<double> Forward(Matrix<double> x)
    {
        LayerGuard.RequireInput(x, this, Name);
        if (x.ColumnCount != W.Data.RowCount)
            throw new ShapeMismatchException(
                $"{LayerGuard.Where(this, Name, "Forward")}: input is {Shape.Of(x)} but W is {Shape.Of(W.Data)} (input columns must equal W rows).");
        _x = x;
        // "+ b" adds the row b to every row of x·W: that is 1·b, with 1 a column of N ones (NumPy calls it broadcasting).
        _out = x * W.Data + Ones(x.RowCount) * B.Data;
        return _out;
    }

    /// <summary>Sets DW = xᵀ·dout and DB = column sums of dout; returns dx = dout·Wᵀ (new matrices, dout untouched).</summary>
    public Matrix<double> Backward(Matrix<double> dout)
    {
        LayerGuard.RequireBackward(_out, dout, this, Name);
        DW = _x!.TransposeThisAndMultiply(dout);
        DB = dout.ColumnSums().ToRowMatrix();
        return dout.TransposeAndMultiply(W.Data);
    }

    private static Matrix<double> Ones(int rows) => Matrix<double>.Build.Dense(rows, 1, 1.0);
}
