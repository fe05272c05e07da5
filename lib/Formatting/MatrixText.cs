using Backprop.Diagrams;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Formatting;

/// <summary>
/// A matrix as a reader expects it on the page: one line per row, columns right-aligned, numbers without
/// floating-point noise (2.3000000000000003 shows as 2.3). MathNet's own display in a notebook is a tree of its storage
/// that lists the values column by column; <c>Console.WriteLine(MatrixText.Of("Y", y))</c> prints
/// <code>
/// Y (2 × 2):
///   2.3  2.7
///     5  6.3
/// </code>
/// Large matrices show their first rows and columns, an ellipsis, and the last row and column, so that no line runs off
/// a page.
/// </summary>
public static class MatrixText
{
    /// <summary>
    /// The rows of <paramref name="m"/>, one per line, each indented by <paramref name="indent"/> spaces, columns
    /// right-aligned, each number rounded to <paramref name="digits"/> significant digits. At most
    /// <paramref name="maxRows"/> rows and <paramref name="maxColumns"/> columns are shown: beyond that the first ones,
    /// "…", and the last one.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="m"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">digits is not in 1..17, or maxRows or maxColumns is below 2, or indent is negative.</exception>
    public static string Of(Matrix<double> m, int digits = 6, int maxRows = 10, int maxColumns = 8, int indent = 2)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentOutOfRangeException.ThrowIfLessThan(digits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digits, 17);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxColumns, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(indent);

        var rows = Shown(m.RowCount, maxRows);
        var columns = Shown(m.ColumnCount, maxColumns);
        // cells[r][c]: the text of each shown entry, "…" where rows or columns are left out.
        var cells = rows.Select(r => columns.Select(c => r < 0 || c < 0 ? "…" : NumberText.Format(m.At(r, c), digits)).ToArray()).ToList();
        var widths = Enumerable.Range(0, columns.Count).Select(c => cells.Max(row => row[c].Length)).ToArray();
        var pad = new string(' ', indent);
        return string.Join("\n", cells.Select(row => pad + string.Join("  ", row.Select((text, c) => text.PadLeft(widths[c])))));
    }

    /// <summary>
    /// "<paramref name="name"/> (rows × columns):" on the first line, then <see cref="Of(Matrix{double}, int, int, int, int)"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="m"/> is null.</exception>
    public static string Of(string name, Matrix<double> m, int digits = 6, int maxRows = 10, int maxColumns = 8)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(m);
        return $"{name} ({m.RowCount} × {m.ColumnCount}):\n{Of(m, digits, maxRows, maxColumns)}";
    }

    // The indices to show: all of them when they fit, else the first (max − 2), −1 for "…", and the last.
    private static List<int> Shown(int count, int max) =>
        count <= max ? [.. Enumerable.Range(0, count)] : [.. Enumerable.Range(0, max - 2), -1, count - 1];
}
