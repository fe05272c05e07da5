using Backprop.Layers;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Layers;

/// <summary>The storage-array loops of the Affine layer against the plain per-element loops they replaced.</summary>
public class BroadcastTests
{
    private static Matrix<double> AddToEveryRowByElement(Matrix<double> m, Matrix<double> row) =>
        Matrix<double>.Build.Dense(m.RowCount, m.ColumnCount, (i, j) => m.At(i, j) + row.At(0, j));

    private static Matrix<double> ColumnSumsByElement(Matrix<double> m)
    {
        var sums = Matrix<double>.Build.Dense(1, m.ColumnCount);
        for (var j = 0; j < m.ColumnCount; j++)
        {
            var sum = 0.0;
            for (var i = 0; i < m.RowCount; i++) sum += m.At(i, j);
            sums.At(0, j, sum);
        }
        return sums;
    }

    [Fact]
    public void Adding_a_row_to_every_row_equals_the_element_by_element_sum_bit_for_bit()
    {
        foreach (var m in BitExact.EdgeCaseMatrices(seed: 1))
        {
            var row = RandomMatrix.Uniform(1, m.ColumnCount, 2);
            row.At(0, 0, double.NaN);
            if (m.ColumnCount > 1) row.At(0, 1, double.NegativeInfinity);
            var expected = AddToEveryRowByElement(m, row);
            var actual = m.Clone();

            Broadcast.AddToEveryRow(actual, row);

            BitExact.Equal(expected, actual);
        }
    }

    [Fact]
    public void Adding_a_row_to_a_sparse_matrix_takes_the_plain_path_with_the_same_result()
    {
        var sparse = Matrix<double>.Build.SparseOfArray(new[,] { { 0.0, 2.0, 0.0 }, { -1.0, 0.0, 0.0 } });
        var row = Matrix<double>.Build.DenseOfArray(new[,] { { 0.5, 0.0, -3.0 } });
        Assert.Null(sparse.AsColumnMajorArray());

        var expected = AddToEveryRowByElement(sparse, row);
        Broadcast.AddToEveryRow(sparse, row);

        BitExact.Equal(expected, sparse);
    }

    [Fact]
    public void Column_sums_equal_the_top_down_loop_bit_for_bit()
    {
        foreach (var m in BitExact.EdgeCaseMatrices(seed: 3))
        {
            var actual = Matrix<double>.Build.Dense(1, m.ColumnCount, double.NaN);  // stale values must be overwritten

            Broadcast.SumEveryColumn(m, actual);

            BitExact.Equal(ColumnSumsByElement(m), actual);
        }
    }

    [Fact]
    public void Column_sums_of_a_sparse_matrix_equal_the_top_down_loop()
    {
        var sparse = Matrix<double>.Build.SparseOfArray(new[,] { { 0.0, 2.0, 0.0 }, { -1.0, 0.0, 0.0 }, { 0.25, 1e300, 0.0 } });
        var actual = Matrix<double>.Build.Dense(1, 3);

        Broadcast.SumEveryColumn(sparse, actual);

        BitExact.Equal(ColumnSumsByElement(sparse), actual);
    }
}
