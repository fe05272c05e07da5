using Backprop.Errors;
using Backprop.Functions;
using Backprop.Layers;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Functions;

/// <summary>Softmax on the storage array against the row-by-row At() version it replaced.</summary>
public class SoftmaxAgreementTests
{
    private static Matrix<double> SoftmaxByAt(Matrix<double> scores)
    {
        var y = Matrix<double>.Build.Dense(scores.RowCount, scores.ColumnCount);
        for (var i = 0; i < scores.RowCount; i++)
        {
            var max = double.NegativeInfinity;
            for (var j = 0; j < scores.ColumnCount; j++) max = Math.Max(max, scores.At(i, j));
            var sum = 0.0;
            for (var j = 0; j < scores.ColumnCount; j++)
            {
                var e = Math.Exp(scores.At(i, j) - max);
                y.At(i, j, e);
                sum += e;
            }
            for (var j = 0; j < scores.ColumnCount; j++) y.At(i, j, y.At(i, j) / sum);
        }
        return y;
    }

    [Fact]
    public void Softmax_equals_the_row_by_row_version_bit_for_bit_including_nan_infinities_and_zeros()
    {
        foreach (var scores in BitExact.EdgeCaseMatrices(seed: 6))
        {
            BitExact.Equal(SoftmaxByAt(scores), Activations.Softmax(scores));
            BitExact.Equal(SoftmaxByAt(scores * 1000), Activations.Softmax(scores * 1000));
        }
    }

    [Fact]
    public void Softmax_of_a_sparse_matrix_equals_softmax_of_the_same_dense_matrix()
    {
        var values = new[,] { { 0.0, 2.0, 0.0 }, { -1.0, 0.0, 0.0 } };

        var y = Activations.Softmax(Matrix<double>.Build.SparseOfArray(values));

        BitExact.Equal(SoftmaxByAt(Matrix<double>.Build.DenseOfArray(values)), y);
    }

    [Fact]
    public void Softmax_leaves_its_input_unchanged()
    {
        var scores = RandomMatrix.Uniform(4, 3, 7);
        var before = scores.Clone();

        Activations.Softmax(scores);

        BitExact.Equal(before, scores);
    }

    [Fact]
    public void Of_several_non_finite_scores_the_first_in_reading_order_is_reported()
    {
        // Column-major storage meets (1, 0) first; the message must still name the first by rows, (0, 2).
        var scores = Matrix<double>.Build.Dense(2, 3);
        scores[1, 0] = double.NaN;
        scores[0, 2] = double.PositiveInfinity;

        var ex = Assert.Throws<NonFiniteLossException>(() => new SoftmaxWithLoss("Loss1").Forward(scores, new[] { 0, 1 }));

        Assert.StartsWith("SoftmaxWithLoss 'Loss1'.Forward: score in row 0, column 2 is ", ex.Message);
        Assert.DoesNotContain("row 1", ex.Message);
    }

    [Fact]
    public void A_non_finite_score_in_a_sparse_matrix_is_reported_too()
    {
        var scores = Matrix<double>.Build.Sparse(2, 3);
        scores[1, 1] = double.NegativeInfinity;

        var ex = Assert.Throws<NonFiniteLossException>(() => new SoftmaxWithLoss("Loss1").Forward(scores, new[] { 0, 1 }));

        Assert.Contains("row 1, column 1", ex.Message);
    }
}
