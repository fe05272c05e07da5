using Backprop.Performance;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.Providers.LinearAlgebra;

namespace Backprop.Performance.Tests;

/// <summary>
/// Every backend computes c = alpha·op(a)·op(b) + beta·c like MathNet's own provider, for every transpose pair and
/// awkward sizes (tails of the 16-column blocks, single rows, odd row counts), within 1e-12 relative to the size of the
/// sums: the backends add the same products in different orders (and fuse multiply-adds), so last-bit differences are
/// expected and nothing larger is.
/// </summary>
public class MatrixProductAgreementTests
{
    private const double Tolerance = 1e-12;
    private static readonly ManagedLinearAlgebraProvider Reference = new();

    public static TheoryData<int, int, int, bool, bool> Shapes()
    {
        var data = new TheoryData<int, int, int, bool, bool>();
        foreach (var (m, k, n) in new[] { (100, 784, 50), (100, 50, 784), (784, 100, 50), (100, 50, 10), (3, 784, 50), (1, 1, 1), (7, 5, 17), (33, 2, 4), (2, 9, 1) })
            foreach (var tA in new[] { false, true })
                foreach (var tB in new[] { false, true })
                    data.Add(m, k, n, tA, tB);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Managed_product_matches_MathNet_for_every_transpose_and_shape(int m, int k, int n, bool tA, bool tB)
    {
        AssertAgrees(new ManagedMatrixProduct(1), m, k, n, tA, tB, sparsity: 0.0, alpha: 1, beta: 0);
        AssertAgrees(new ManagedMatrixProduct(2), m, k, n, tA, tB, sparsity: 0.8, alpha: 1, beta: 0);
    }

    [Theory]
    [InlineData(100, 784, 50, false, false)]
    [InlineData(100, 50, 784, false, true)]
    [InlineData(784, 100, 50, true, false)]
    [InlineData(5, 3, 7, true, true)]
    public void Managed_product_honours_alpha_and_beta(int m, int k, int n, bool tA, bool tB) =>
        AssertAgrees(new ManagedMatrixProduct(2), m, k, n, tA, tB, sparsity: 0.5, alpha: -0.3, beta: 0.7);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Native_product_matches_MathNet_when_a_system_BLAS_is_installed(int m, int k, int n, bool tA, bool tB)
    {
        var native = OpenBlasMatrixProduct.TryLoad(out var reason);
        Assert.SkipWhen(native is null, $"no system BLAS: {reason}");
        AssertAgrees(native!, m, k, n, tA, tB, sparsity: 0.8, alpha: 1, beta: 0);
        AssertAgrees(native!, m, k, n, tA, tB, sparsity: 0.0, alpha: 0.5, beta: -2);
    }

    [Fact]
    public void Native_product_gives_mostly_zero_inputs_to_the_strips_and_dense_or_aliased_ones_to_the_BLAS()
    {
        var native = OpenBlasMatrixProduct.TryLoad(out var reason);
        Assert.SkipWhen(native is null, $"no system BLAS: {reason}");
        var random = new Random(9);
        var x = BundledMnist.Train.Images.SubMatrix(0, 100, 0, 784).ToColumnMajorArray();
        var w = Values(784 * 50, random, 0);
        var dout = Values(100 * 50, random, 0.5);

        var forward = new double[100 * 50];
        native!.Multiply(Transpose.DontTranspose, Transpose.DontTranspose, 1, x, 100, 784, w, 784, 50, 0, forward);
        Assert.Equal("strips", native.LastPlan);
        var expected = new double[100 * 50];
        Reference.MatrixMultiplyWithUpdate(Transpose.DontTranspose, Transpose.DontTranspose, 1, x, 100, 784, w, 784, 50, 0, expected);
        for (var i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - forward[i]) <= Tolerance * 784, $"x·W1 at {i}");

        native.Multiply(Transpose.Transpose, Transpose.DontTranspose, 1, x, 100, 784, dout, 100, 50, 0, new double[784 * 50]);
        Assert.Equal("strips", native.LastPlan);
        native.Multiply(Transpose.DontTranspose, Transpose.Transpose, 1, dout, 100, 50, w, 784, 50, 0, new double[100 * 784]);
        Assert.Equal("blas", native.LastPlan);
        var square = Values(64 * 64, random, 0.9);
        native.Multiply(Transpose.DontTranspose, Transpose.DontTranspose, 1, square, 64, 64, square, 64, 64, 0, square);
        Assert.Equal("blas", native.LastPlan);
    }

    [Fact]
    public void Native_loader_returns_null_naming_every_library_it_tried_when_none_exists()
    {
        var product = OpenBlasMatrixProduct.TryLoad(["libno-such-blas.so.0", "/nowhere/libopenblas.so.0"], out var reason);

        Assert.Null(product);
        Assert.Contains("libno-such-blas.so.0: not found", reason);
        Assert.Contains("/nowhere/libopenblas.so.0: not found", reason);
    }

    [Fact]
    public void Managed_product_into_one_of_its_inputs_uses_the_inputs_as_they_were()
    {
        var random = new Random(3);
        var a = Values(16, random, 0);
        var expected = new double[16];
        Reference.MatrixMultiplyWithUpdate(Transpose.DontTranspose, Transpose.DontTranspose, 1, a, 4, 4, a, 4, 4, 0, expected);

        new ManagedMatrixProduct(1).Multiply(Transpose.DontTranspose, Transpose.DontTranspose, 1, a, 4, 4, a, 4, 4, 0, a);

        for (var i = 0; i < 16; i++) Assert.Equal(expected[i], a[i], 1e-12);
    }

    [Fact]
    public void Managed_product_propagates_NaN_from_the_left_operand()
    {
        var a = new double[] { 1, double.NaN, 0, 2 };  // 2×2, column-major
        var b = new double[] { 1, 1, 1, 1 };
        var c = new double[4];

        new ManagedMatrixProduct(1).Multiply(Transpose.DontTranspose, Transpose.DontTranspose, 1, a, 2, 2, b, 2, 2, 0, c);

        Assert.True(double.IsNaN(c[1]), $"row 1 holds the NaN, got {c[1]}");
        Assert.Equal(1.0, c[0], 1e-15);
    }

    [Fact]
    public void Managed_product_rejects_mismatched_inner_sizes_naming_both_shapes()
    {
        var e = Assert.Throws<ArgumentException>(() => new ManagedMatrixProduct(1).Multiply(
            Transpose.DontTranspose, Transpose.DontTranspose, 1, new double[6], 2, 3, new double[8], 4, 2, 0, new double[4]));
        Assert.Contains("2×3", e.Message);
        Assert.Contains("4×2", e.Message);
    }

    [Fact]
    public void Managed_product_rejects_a_result_array_that_is_too_small()
    {
        var e = Assert.Throws<ArgumentException>(() => new ManagedMatrixProduct(1).Multiply(
            Transpose.DontTranspose, Transpose.DontTranspose, 1, new double[6], 2, 3, new double[6], 3, 2, 0, new double[3]));
        Assert.Contains("2×2 = 4", e.Message);
    }

    private static void AssertAgrees(IMatrixProduct product, int m, int k, int n, bool tA, bool tB, double sparsity, double alpha, double beta)
    {
        var random = new Random(m * 1000 + k * 10 + n);
        var a = Values(m * k, random, sparsity);
        var b = Values(k * n, random, 0);
        var c0 = Values(m * n, random, 0);
        var (rowsA, columnsA) = tA ? (k, m) : (m, k);
        var (rowsB, columnsB) = tB ? (n, k) : (k, n);
        var opA = tA ? Transpose.Transpose : Transpose.DontTranspose;
        var opB = tB ? Transpose.Transpose : Transpose.DontTranspose;
        var expected = (double[])c0.Clone();
        Reference.MatrixMultiplyWithUpdate(opA, opB, alpha, a, rowsA, columnsA, b, rowsB, columnsB, beta, expected);
        var actual = (double[])c0.Clone();

        product.Multiply(opA, opB, alpha, a, rowsA, columnsA, b, rowsB, columnsB, beta, actual);

        // |sum| ≤ k·max|a|·max|b| (all values lie in [-1, 1]), plus |beta·c|; allow 1e-12 of that.
        var scale = Math.Abs(alpha) * k + Math.Abs(beta);
        for (var i = 0; i < m * n; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance * scale,
                $"{product.Description}: {m}×{k}·{k}×{n} (tA={tA}, tB={tB}) differs at {i % m},{i / m}: expected {expected[i]}, got {actual[i]}");
    }

    private static double[] Values(int count, Random random, double sparsity) =>
        [.. Enumerable.Range(0, count).Select(_ => random.NextDouble() < sparsity ? 0.0 : 2 * random.NextDouble() - 1)];
}
