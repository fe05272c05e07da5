using Backprop.Errors;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Autograd;

// Element-by-element arithmetic with broadcasting. With X and Y the operands repeated to the output's shape and G the
// output's gradient, each backward is the scalar rule applied element by element, then summed back to the operand's own
// shape: an operand that was repeated along an axis was used once per repetition, so its gradient adds them all.
public sealed partial class Tensor
{
    /// <summary>a + b element by element (a row, column or number broadcast); ∂/∂a = 1, ∂/∂b = 1.</summary>
    /// <exception cref="ShapeMismatchException">The shapes do not broadcast.</exception>
    public static Tensor operator +(Tensor a, Tensor b)
    {
        var (rows, columns) = BroadcastShape(a, b, "+");
        return new(Broadcast(a.Data, rows, columns) + Broadcast(b.Data, rows, columns), "+", [a, b], output =>
        {
            a.Grad += SumToShape(output.Grad, a.Rows, a.Columns);
            b.Grad += SumToShape(output.Grad, b.Rows, b.Columns);
        });
    }

    /// <summary>a − b element by element (a row, column or number broadcast); ∂/∂a = 1, ∂/∂b = −1.</summary>
    /// <exception cref="ShapeMismatchException">The shapes do not broadcast.</exception>
    public static Tensor operator -(Tensor a, Tensor b)
    {
        var (rows, columns) = BroadcastShape(a, b, "−");
        return new(Broadcast(a.Data, rows, columns) - Broadcast(b.Data, rows, columns), "−", [a, b], output =>
        {
            a.Grad += SumToShape(output.Grad, a.Rows, a.Columns);
            b.Grad += SumToShape(-output.Grad, b.Rows, b.Columns);
        });
    }

    /// <summary>a ⊙ b element by element (a row, column or number broadcast); ∂/∂a = b, ∂/∂b = a.</summary>
    /// <exception cref="ShapeMismatchException">The shapes do not broadcast.</exception>
    public static Tensor operator *(Tensor a, Tensor b)
    {
        var (rows, columns) = BroadcastShape(a, b, "×");
        var (x, y) = (Broadcast(a.Data, rows, columns), Broadcast(b.Data, rows, columns));
        return new(x.PointwiseMultiply(y), "×", [a, b], output =>
        {
            a.Grad += SumToShape(output.Grad.PointwiseMultiply(y), a.Rows, a.Columns);
            b.Grad += SumToShape(output.Grad.PointwiseMultiply(x), b.Rows, b.Columns);
        });
    }

    /// <summary>a / b element by element (a row, column or number broadcast); ∂/∂a = 1/b, ∂/∂b = −a/b² = −out/b.</summary>
    /// <exception cref="ShapeMismatchException">The shapes do not broadcast.</exception>
    public static Tensor operator /(Tensor a, Tensor b)
    {
        var (rows, columns) = BroadcastShape(a, b, "÷");
        var (x, y) = (Broadcast(a.Data, rows, columns), Broadcast(b.Data, rows, columns));
        return new(x.PointwiseDivide(y), "÷", [a, b], output =>
        {
            a.Grad += SumToShape(output.Grad.PointwiseDivide(y), a.Rows, a.Columns);
            b.Grad += SumToShape(-output.Grad.PointwiseMultiply(output.Data).PointwiseDivide(y), b.Rows, b.Columns);
        });
    }

    /// <summary>−a; ∂/∂a = −1.</summary>
    public static Tensor operator -(Tensor a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(-a.Data, "neg", [a], output => a.Grad += -output.Grad);
    }

    /// <summary>
    /// <paramref name="m"/> repeated to rows×columns along each axis where it has size 1: a 1×D row copied into every row,
    /// an N×1 column into every column, a 1×1 number everywhere (NumPy's broadcasting, made visible). A matrix that already
    /// has the shape is returned as it is.
    /// </summary>
    /// <exception cref="ShapeMismatchException">An axis of m is neither 1 nor the target's size.</exception>
    public static Matrix<double> Broadcast(Matrix<double> m, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(m);
        if (Fit(m.RowCount, rows) != rows || Fit(m.ColumnCount, columns) != columns)
            throw new ShapeMismatchException($"Tensor Broadcast: a {Shape.Of(m)} matrix cannot be repeated to {rows}×{columns} (each axis must be 1 or the target's size).");
        if (m.RowCount == rows && m.ColumnCount == columns) return m;
        return Matrix<double>.Build.Dense(rows, columns, (i, j) => m.At(m.RowCount == 1 ? 0 : i, m.ColumnCount == 1 ? 0 : j));
    }

    /// <summary>
    /// The backward of <see cref="Broadcast"/>: <paramref name="g"/> summed over each axis along which a rows×columns
    /// operand was repeated (a row's gradient is g's column sums, a column's its row sums, a number's the sum of all).
    /// A g of that shape already is returned as it is.
    /// </summary>
    /// <exception cref="ShapeMismatchException">rows×columns does not broadcast to g's shape.</exception>
    public static Matrix<double> SumToShape(Matrix<double> g, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(g);
        if (Fit(rows, g.RowCount) != g.RowCount || Fit(columns, g.ColumnCount) != g.ColumnCount)
            throw new ShapeMismatchException($"Tensor SumToShape: a {Shape.Of(g)} gradient cannot be summed to {rows}×{columns} (each axis must be 1 or the gradient's size).");
        if (rows == 1 && g.RowCount > 1) g = g.ColumnSums().ToRowMatrix();
        if (columns == 1 && g.ColumnCount > 1) g = g.RowSums().ToColumnMatrix();
        return g;
    }

    // The shape a and b broadcast to: along each axis the sizes are equal, or one of them is 1 and takes the other's.
    private static (int Rows, int Columns) BroadcastShape(Tensor a, Tensor b, string op)
    {
        if (a is null) throw new ArgumentNullException(nameof(a), $"The left operand of Tensor '{op}' is null.");
        if (b is null) throw new ArgumentNullException(nameof(b), $"The right operand of Tensor '{op}' is null.");
        if (Fit(a.Rows, b.Rows) is not { } rows || Fit(a.Columns, b.Columns) is not { } columns)
            throw new ShapeMismatchException(
                $"Tensor '{op}': the left operand is {Shape.Of(a.Data)} and the right is {Shape.Of(b.Data)}, which do not broadcast " +
                "(along each axis the sizes must be equal, or one of them 1: a 1×D row, an N×1 column or a 1×1 number).");
        return (rows, columns);
    }

    private static int? Fit(int p, int q) => p == q || q == 1 ? p : p == 1 ? q : null;
}
