using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.TestSupport;

/// <summary>
/// Matrix formulas written out element by element with <c>At</c>: expected values that share no code with MathNet's
/// products, sums and transposes, which the library calls.
/// </summary>
internal static class Loops
{
    /// <summary>c[i, j] = Σₖ a[i, k]·b[k, j].</summary>
    public static Matrix<double> Product(Matrix<double> a, Matrix<double> b)
    {
        Assert.Equal(a.ColumnCount, b.RowCount);
        var c = Matrix<double>.Build.Dense(a.RowCount, b.ColumnCount);
        for (var i = 0; i < a.RowCount; i++)
            for (var j = 0; j < b.ColumnCount; j++)
            {
                var sum = 0.0;
                for (var k = 0; k < a.ColumnCount; k++) sum += a.At(i, k) * b.At(k, j);
                c.At(i, j, sum);
            }
        return c;
    }

    /// <summary>t[j, i] = a[i, j].</summary>
    public static Matrix<double> Transposed(Matrix<double> a)
    {
        var t = Matrix<double>.Build.Dense(a.ColumnCount, a.RowCount);
        for (var i = 0; i < a.RowCount; i++)
            for (var j = 0; j < a.ColumnCount; j++) t.At(j, i, a.At(i, j));
        return t;
    }

    /// <summary>A 1×columns row: s[0, j] = Σᵢ a[i, j].</summary>
    public static Matrix<double> ColumnSums(Matrix<double> a)
    {
        var s = Matrix<double>.Build.Dense(1, a.ColumnCount);
        for (var j = 0; j < a.ColumnCount; j++)
        {
            var sum = 0.0;
            for (var i = 0; i < a.RowCount; i++) sum += a.At(i, j);
            s.At(0, j, sum);
        }
        return s;
    }

    /// <summary>m[i, j] + row[0, j] for every row i.</summary>
    public static Matrix<double> PlusRow(Matrix<double> m, Matrix<double> row)
    {
        Assert.Equal((1, m.ColumnCount), (row.RowCount, row.ColumnCount));
        return Matrix<double>.Build.Dense(m.RowCount, m.ColumnCount, (i, j) => m.At(i, j) + row.At(0, j));
    }

    /// <summary>Asserts every element within <paramref name="tolerance"/>, naming the first that is not.</summary>
    public static void Near(Matrix<double> expected, Matrix<double> actual, double tolerance, string what)
    {
        Assert.True((expected.RowCount, expected.ColumnCount) == (actual.RowCount, actual.ColumnCount),
            $"{what}: expected {expected.RowCount}×{expected.ColumnCount}, got {actual.RowCount}×{actual.ColumnCount}");
        for (var i = 0; i < expected.RowCount; i++)
            for (var j = 0; j < expected.ColumnCount; j++)
                if (!(Math.Abs(expected.At(i, j) - actual.At(i, j)) <= tolerance))
                    Assert.Fail($"{what} at row {i}, column {j}: expected {expected.At(i, j):R}, got {actual.At(i, j):R} (tolerance {tolerance:G3}).");
    }

    /// <summary>A matrix from rows written in the test, e.g. <c>Rows([1, 2], [3, 4])</c>.</summary>
    public static Matrix<double> Rows(params double[][] rows) => Matrix<double>.Build.DenseOfRowArrays(rows);
}
