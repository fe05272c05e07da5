using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Layers;

/// <summary>
/// NumPy's row broadcasting as an Affine layer needs it: <c>x·W + b</c> adds the row b to every row, and its
/// gradient <c>np.sum(dout, axis=0)</c> sums every column. MathNet's dense matrices are column-major, so column j
/// is one contiguous run of the storage array: both become tight loops over it instead of a call per element.
/// </summary>
internal static class Broadcast
{
    /// <summary>m[i, j] += row[0, j] for every row i, in place.</summary>
    public static void AddToEveryRow(Matrix<double> m, Matrix<double> row)
    {
        var rows = m.RowCount;
        if (m.AsColumnMajorArray() is not { } storage)
        {
            for (var i = 0; i < rows; i++)
                for (var j = 0; j < m.ColumnCount; j++) m.At(i, j, m.At(i, j) + row.At(0, j));
            return;
        }
        for (var j = 0; j < m.ColumnCount; j++)
        {
            var bias = row.At(0, j);
            foreach (ref var v in storage.AsSpan(j * rows, rows)) v += bias;
        }
    }

    /// <summary>into[0, j] = Σᵢ m[i, j], each column summed from the first row down (the order of a plain loop, so the bits agree).</summary>
    public static void SumEveryColumn(Matrix<double> m, Matrix<double> into)
    {
        var rows = m.RowCount;
        if (m.AsColumnMajorArray() is not { } storage)
        {
            for (var j = 0; j < m.ColumnCount; j++)
            {
                var sum = 0.0;
                for (var i = 0; i < rows; i++) sum += m.At(i, j);
                into.At(0, j, sum);
            }
            return;
        }
        // Four columns at a time: one column's additions must wait for each other (reordering them would change
        // the rounding), but four columns' additions are independent, so the CPU overlaps them.
        var column = 0;
        for (; column + 4 <= m.ColumnCount; column += 4)
        {
            ReadOnlySpan<double> c0 = storage.AsSpan(column * rows, rows), c1 = storage.AsSpan((column + 1) * rows, rows),
                                 c2 = storage.AsSpan((column + 2) * rows, rows), c3 = storage.AsSpan((column + 3) * rows, rows);
            double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
            for (var i = 0; i < rows; i++)
            {
                s0 += c0[i];
                s1 += c1[i];
                s2 += c2[i];
                s3 += c3[i];
            }
            into.At(0, column, s0);
            into.At(0, column + 1, s1);
            into.At(0, column + 2, s2);
            into.At(0, column + 3, s3);
        }
        for (; column < m.ColumnCount; column++)
        {
            var sum = 0.0;
            foreach (var v in storage.AsSpan(column * rows, rows)) sum += v;
            into.At(0, column, sum);
        }
    }
}
