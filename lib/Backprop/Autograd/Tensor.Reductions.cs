using Backprop.Errors;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Autograd;

// Operations that make a matrix smaller: sums and means (each input element counted once, so its gradient is the output's
// gradient broadcast back: the mirror image of broadcasting, whose backward is a sum), and operations that pick entries
// (max, and one entry per row for the loss), whose gradient goes to the picked entries and 0 elsewhere.
// Axes as in NumPy: axis 0 runs down the rows (a result per column, a 1×D row), axis 1 along each row (an N×1 column).
public sealed partial class Tensor
{
    /// <summary>
    /// Sums along <paramref name="axis"/>: 0 gives the 1×D row of column sums, 1 the N×1 column of row sums
    /// (NumPy's <c>sum(axis, keepdims=True)</c>). ∂/∂x = 1: the gradient is copied back along the summed axis.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">axis is not 0 or 1.</exception>
    public Tensor Sum(int axis)
    {
        var x = this;
        RequireAxis(axis, "Sum");
        var sums = axis == 0 ? x.Data.ColumnSums().ToRowMatrix() : x.Data.RowSums().ToColumnMatrix();
        return new(sums, $"sum(axis {axis})", [x], output => x.Grad += Broadcast(output.Grad, x.Rows, x.Columns));
    }

    /// <summary>The sum of every element, 1×1; ∂/∂x = 1 for every element.</summary>
    public Tensor Sum()
    {
        var x = this;
        return new(Number(x.Data.ColumnSums().Sum()), "sum", [x], output => x.Grad += Broadcast(output.Grad, x.Rows, x.Columns));
    }

    /// <summary>Means along <paramref name="axis"/> (0: 1×D, 1: N×1); ∂/∂x = 1/n, n the length of the axis.</summary>
    /// <exception cref="ArgumentOutOfRangeException">axis is not 0 or 1.</exception>
    public Tensor Mean(int axis)
    {
        var x = this;
        RequireAxis(axis, "Mean");
        var n = axis == 0 ? x.Rows : x.Columns;
        var means = (axis == 0 ? x.Data.ColumnSums().ToRowMatrix() : x.Data.RowSums().ToColumnMatrix()) / n;
        return new(means, $"mean(axis {axis})", [x], output => x.Grad += Broadcast(output.Grad, x.Rows, x.Columns) / n);
    }

    /// <summary>The mean of every element, 1×1; ∂/∂x = 1/n for every element, n = rows·columns.</summary>
    public Tensor Mean()
    {
        var x = this;
        var n = x.Rows * x.Columns;
        return new(Number(x.Data.ColumnSums().Sum() / n), "mean", [x], output => x.Grad += Broadcast(output.Grad, x.Rows, x.Columns) / n);
    }

    /// <summary>
    /// Maxima along <paramref name="axis"/> (0: the 1×D row of column maxima, 1: the N×1 column of row maxima). Only the
    /// maximum reaches the output, so ∂/∂x is 1 there and 0 elsewhere; with a tie the first maximum gets it (NumPy's argmax).
    /// A NaN counts as the maximum, so it reaches the output.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">axis is not 0 or 1.</exception>
    public Tensor Max(int axis)
    {
        var x = this;
        RequireAxis(axis, "Max");
        var lines = axis == 0 ? x.Columns : x.Rows;
        var at = new int[lines];
        for (var k = 0; k < lines; k++) at[k] = FirstMaximum(axis == 0 ? x.Data.Column(k) : x.Data.Row(k));
        var maxima = axis == 0
            ? Matrix<double>.Build.Dense(1, lines, (_, j) => x.Data.At(at[j], j))
            : Matrix<double>.Build.Dense(lines, 1, (i, _) => x.Data.At(i, at[i]));
        return new(maxima, $"max(axis {axis})", [x], output => x.Grad += Scatter(output.Grad, at, axis, x.Rows, x.Columns));
    }

    /// <summary>
    /// One entry per row, row i's at column <paramref name="columns"/>[i], as an N×1 column (NumPy's <c>x[range(N), t]</c>:
    /// with the labels t it picks each sample's log-probability of its correct class). ∂/∂x is 1 at the picked entries, 0
    /// elsewhere.
    /// </summary>
    /// <exception cref="ShapeMismatchException">There is not exactly one column index per row.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A column index is outside 0..columns−1.</exception>
    public Tensor Pick(IReadOnlyList<int> columns)
    {
        var x = this;
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count != x.Rows)
            throw new ShapeMismatchException(
                $"Tensor Pick: {columns.Count} column indices for a {Shape.Of(x.Data)} tensor (one index, e.g. a label, per row).");
        var at = columns.ToArray();
        for (var i = 0; i < at.Length; i++)
            if (at[i] < 0 || at[i] >= x.Columns)
                throw new ArgumentOutOfRangeException(nameof(columns), at[i],
                    $"Tensor Pick: the index for row {i} is {at[i]}, outside 0..{x.Columns - 1} for a {Shape.Of(x.Data)} tensor.");
        var picked = Matrix<double>.Build.Dense(x.Rows, 1, (i, _) => x.Data.At(i, at[i]));
        return new(picked, "pick", [x], output => x.Grad += Scatter(output.Grad, at, 1, x.Rows, x.Columns));
    }

    // A rows×columns matrix of zeros with g's entries put back where they were picked: for axis 1 row i's at (i, at[i]),
    // for axis 0 column j's at (at[j], j). The backward of every operation that picks entries.
    private static Matrix<double> Scatter(Matrix<double> g, int[] at, int axis, int rows, int columns) =>
        Matrix<double>.Build.Dense(rows, columns, (i, j) =>
            axis == 1 ? (j == at[i] ? g.At(i, 0) : 0.0) : (i == at[j] ? g.At(0, j) : 0.0));

    private static int FirstMaximum(Vector<double> v)
    {
        var best = 0;
        for (var k = 0; k < v.Count && !double.IsNaN(v[best]); k++)
            if (v[k] > v[best] || double.IsNaN(v[k])) best = k;
        return best;
    }

    private static Matrix<double> Number(double value) => Matrix<double>.Build.Dense(1, 1, value);

    private static void RequireAxis(int axis, string op)
    {
        if (axis is not (0 or 1))
            throw new ArgumentOutOfRangeException(nameof(axis), axis,
                $"Tensor {op}: axis must be 0 (down the rows: one result per column, a 1×D row) or 1 (along each row: one result per row, an N×1 column).");
    }
}
