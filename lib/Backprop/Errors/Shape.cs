using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Errors;

/// <summary>Writes matrix shapes the way error messages and reports show them: "rows×columns".</summary>
public static class Shape
{
    /// <summary>The shape of <paramref name="m"/>, e.g. "3×5".</summary>
    public static string Of(Matrix<double> m) => $"{m.RowCount}×{m.ColumnCount}";

    /// <summary>True when both matrices have the same number of rows and columns.</summary>
    public static bool Same(Matrix<double> a, Matrix<double> b) =>
        a.RowCount == b.RowCount && a.ColumnCount == b.ColumnCount;

    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="batch"/> has no rows.</summary>
    internal static void RequireRows(Matrix<double> batch, string where, string what = "input")
    {
        ArgumentNullException.ThrowIfNull(batch, what);
        if (batch.RowCount == 0)
            throw new ArgumentException($"{where}: {what} is an empty batch (0 rows); pass at least one sample.", what);
    }
}
