using Backprop.Performance;
using Backprop.Tests.TestSupport;
using Backprop.Training;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using MathNet.Numerics.Providers.LinearAlgebra;

namespace Backprop.Performance.Tests;

/// <summary>
/// The Trainer's batch sampler hands the products each batch's non-zeros (by row and by column) so they need not search
/// the batch again. The products must come out bit for bit as when they search it themselves, only for that batch, and
/// never after the sampler is done.
/// </summary>
public class KnownNonZerosTests
{
    private static readonly Matrix<double> Images = BundledMnist.Train.Images.SubMatrix(0, 600, 0, 784);

    [Fact]
    public void Products_of_a_sampled_batch_equal_bit_for_bit_the_products_that_search_the_batch()
    {
        using var sampler = new BatchSampler(Images);
        var batch = Matrix<double>.Build.Dense(100, 784);
        var random = new Random(5);
        sampler.CopyRows([.. Enumerable.Range(0, 100).Select(_ => random.Next(600))], batch);
        var values = ((DenseMatrix)batch).Values;
        Assert.NotNull(KnownNonZeros.Find(values, 100, 784));
        var w = Dense(784 * 50, random);
        var dout = Dense(100 * 50, random);

        var listed = Products(values, w, dout);
        KnownNonZeros.Forget(values);
        Assert.Null(KnownNonZeros.Find(values, 100, 784));
        var searched = Products(values, w, dout);

        Assert.Equal(searched.Forward, listed.Forward);
        Assert.Equal(searched.Weights, listed.Weights);
        Assert.Equal(searched.NativeForward, listed.NativeForward);
        Assert.Equal(searched.NativeWeights, listed.NativeWeights);
    }

    [Fact]
    public void Each_new_batch_replaces_the_lists_of_the_one_before()
    {
        using var sampler = new BatchSampler(Images);
        var batch = Matrix<double>.Build.Dense(100, 784);
        var random = new Random(6);
        var w = Dense(784 * 50, random);
        var product = new ManagedMatrixProduct(1) { ForcedPlan = "strips" };
        foreach (var first in new[] { 0, 250, 500 })
        {
            sampler.CopyRows([.. Enumerable.Range(first, 100)], batch);
            var values = ((DenseMatrix)batch).Values;
            var expected = new double[100 * 50];
            new ManagedLinearAlgebraProvider().MatrixMultiplyWithUpdate(Transpose.DontTranspose, Transpose.DontTranspose, 1,
                Images.SubMatrix(first, 100, 0, 784).ToColumnMajorArray(), 100, 784, w, 784, 50, 0, expected);
            var actual = new double[100 * 50];

            product.Multiply(Transpose.DontTranspose, Transpose.DontTranspose, 1, values, 100, 784, w, 784, 50, 0, actual);

            for (var i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12 * 784, $"batch from row {first}, element {i}: expected {expected[i]}, got {actual[i]}");
        }
    }

    [Fact]
    public void A_partial_batch_into_a_registered_buffer_withdraws_the_old_lists()
    {
        using var sampler = new BatchSampler(Images);
        var batch = Matrix<double>.Build.Dense(10, 784);
        var values = ((DenseMatrix)batch).Values;
        sampler.CopyRows([.. Enumerable.Range(0, 10)], batch);
        Assert.NotNull(KnownNonZeros.Find(values, 10, 784));

        sampler.CopyRows([20, 21, 22], batch);   // three rows into a ten-row buffer: copied, but not listed

        Assert.Null(KnownNonZeros.Find(values, 10, 784));
        Assert.True(batch.Row(0).Equals(Images.Row(20)));
    }

    [Fact]
    public void Disposing_the_sampler_withdraws_its_batch_and_other_arrays_or_shapes_are_never_matched()
    {
        var sampler = new BatchSampler(Images);
        var batch = Matrix<double>.Build.Dense(10, 784);
        sampler.CopyRows([.. Enumerable.Range(0, 10)], batch);
        var values = ((DenseMatrix)batch).Values;

        Assert.NotNull(KnownNonZeros.Find(values, 10, 784));
        Assert.Null(KnownNonZeros.Find(values, 784, 10));
        Assert.Null(KnownNonZeros.Find((double[])values.Clone(), 10, 784));
        sampler.Dispose();
        Assert.Null(KnownNonZeros.Find(values, 10, 784));
    }

    [Fact]
    public void Training_leaves_no_batch_registered_whether_it_finishes_or_fails()
    {
        var train = BundledMnist.Train;
        var test = BundledMnist.Test;
        var net = new Backprop.Networks.TwoLayerNet(784, 10, 10);

        new Backprop.Training.Trainer { Iterations = 3, BatchSize = 20, Sampler = x => new BatchSampler(x) }.Train(new FastTwoLayerNet(net), new FastSgd(), train.Images.SubMatrix(0, 200, 0, 784), train.Labels[..200],
            test.Images.SubMatrix(0, 50, 0, 784), test.Labels[..50], cancellationToken: TestContext.Current.CancellationToken);
        Assert.False(KnownNonZeros.HasRegistration, "a finished training run left its batch registered");

        var poisoned = train.Images.SubMatrix(0, 200, 0, 784);
        poisoned.SetRow(0, Enumerable.Repeat(double.NaN, 784).ToArray());
        Assert.Throws<Backprop.Errors.NonFiniteLossException>(() => new Backprop.Training.Trainer { Iterations = 50, BatchSize = 200, Sampler = x => new BatchSampler(x) }.Train(new FastTwoLayerNet(net), new FastSgd(), poisoned, train.Labels[..200],
            test.Images.SubMatrix(0, 50, 0, 784), test.Labels[..50], cancellationToken: TestContext.Current.CancellationToken));
        Assert.False(KnownNonZeros.HasRegistration, "a failed training run left its batch registered");
    }

    [Fact]
    public void Another_thread_never_sees_this_threads_batch()
    {
        using var sampler = new BatchSampler(Images);
        var batch = Matrix<double>.Build.Dense(10, 784);
        sampler.CopyRows([.. Enumerable.Range(0, 10)], batch);
        var values = ((DenseMatrix)batch).Values;

        CompressedRows? seen = null;
        var other = new Thread(() => seen = KnownNonZeros.Find(values, 10, 784));
        other.Start();
        other.Join();

        Assert.NotNull(KnownNonZeros.Find(values, 10, 784));
        Assert.Null(seen);
    }

    [Fact]
    public void Lists_by_column_hold_every_entry_of_the_rows_in_row_order_and_the_density_is_exact()
    {
        // 3×4: row 0 = [0, 5, 0, 6], row 1 = [7, 0, 0, 0], row 2 = [0, 8, 9, 0]; rows 0 and 2 of the lists are used twice.
        var rows = new CompressedRows(4, 4, [1, 3, 0, 1, 2], [5, 6, 7, 8, 9]);
        (rows.First[0], rows.End[0]) = (0, 2);
        (rows.First[1], rows.End[1]) = (2, 3);
        (rows.First[2], rows.End[2]) = (3, 5);
        (rows.First[3], rows.End[3]) = (0, 2);
        rows.Changed();

        var (counts, inRows, values) = rows.ByColumn();

        Assert.Equal([1, 3, 1, 2], counts);
        Assert.Equal((1, 7.0), (inRows[0], values[0]));                                          // column 0
        Assert.Equal([0, 2, 3], inRows.Skip(4).Take(3));                                          // column 1
        Assert.Equal([5.0, 8, 5], values.Skip(4).Take(3));
        Assert.Equal((2, 9.0), (inRows[8], values[8]));                                           // column 2
        Assert.Equal([0, 3], inRows.Skip(12).Take(2));                                            // column 3
        Assert.Equal(7.0 / 16, rows.Density, 15);
    }

    private static (double[] Forward, double[] Weights, double[]? NativeForward, double[]? NativeWeights) Products(
        double[] x, double[] w, double[] dout)
    {
        var product = new ManagedMatrixProduct(1) { ForcedPlan = "strips" };
        var forward = new double[100 * 50];
        var weights = new double[784 * 50];
        product.Multiply(Transpose.DontTranspose, Transpose.DontTranspose, 1, x, 100, 784, w, 784, 50, 0, forward);
        product.Multiply(Transpose.Transpose, Transpose.DontTranspose, 1, x, 100, 784, dout, 100, 50, 0, weights);
        var native = OpenBlasMatrixProduct.TryLoad(out _);
        if (native is null) return (forward, weights, null, null);
        var nativeForward = new double[100 * 50];
        var nativeWeights = new double[784 * 50];
        native.Multiply(Transpose.DontTranspose, Transpose.DontTranspose, 1, x, 100, 784, w, 784, 50, 0, nativeForward);
        Assert.Equal("strips", native.LastPlan);
        native.Multiply(Transpose.Transpose, Transpose.DontTranspose, 1, x, 100, 784, dout, 100, 50, 0, nativeWeights);
        Assert.Equal("strips", native.LastPlan);
        return (forward, weights, nativeForward, nativeWeights);
    }

    private static double[] Dense(int count, Random random) =>
        [.. Enumerable.Range(0, count).Select(_ => 2 * random.NextDouble() - 1)];
}
