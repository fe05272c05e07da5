using Backprop.Tests.TestSupport;
using Backprop.Training;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Performance.Tests;

/// <summary>The Trainer's batch copy (non-zeros kept row by row) gives exactly the rows a plain Row() copy gives.</summary>
public class BatchSamplerTests
{
    [Fact]
    public void Copied_rows_equal_the_chosen_rows_of_the_training_set_including_repeats_and_a_stale_batch()
    {
        var x = BundledMnist.Train.Images.SubMatrix(0, 500, 0, 784);
        var sampler = new BatchSampler(x);
        var batch = Matrix<double>.Build.Dense(4, 784, 7.0);   // stale values must not survive
        int[] rows = [3, 499, 3, 0];

        sampler.CopyRows(rows, batch);

        for (var i = 0; i < rows.Length; i++)
            Assert.True(batch.Row(i).Equals(x.Row(rows[i])), $"batch row {i} differs from training row {rows[i]}");
    }

    [Fact]
    public void NaN_and_negative_values_are_copied_like_any_other()
    {
        var x = Matrix<double>.Build.DenseOfArray(new[,] { { 0, double.NaN, 0 }, { -1, 0, double.PositiveInfinity } });
        var batch = Matrix<double>.Build.Dense(2, 3);

        new BatchSampler(x).CopyRows([1, 0], batch);

        Assert.Equal([-1, 0, double.PositiveInfinity], batch.Row(0).ToArray());
        Assert.True(batch[1, 0] == 0 && double.IsNaN(batch[1, 1]) && batch[1, 2] == 0);
    }

    [Fact]
    public void A_sparse_training_matrix_is_copied_through_the_general_path()
    {
        var x = Matrix<double>.Build.SparseOfArray(new double[,] { { 1, 0 }, { 0, 2 }, { 3, 4 } });
        var batch = Matrix<double>.Build.Dense(2, 2);

        new BatchSampler(x).CopyRows([2, 1], batch);

        Assert.Equal(new double[,] { { 3, 4 }, { 0, 2 } }, batch.ToArray());
    }
}
