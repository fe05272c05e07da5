using Backprop.Performance;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.Providers.LinearAlgebra;

namespace Backprop.Performance.Tests;

/// <summary>
/// The managed product's plans (small, strips, rows, columns, dot, dense), the rows plan's cache slabs, dense row pairs and
/// threads, each checked against MathNet's provider on real MNIST batches and on random matrices, within 1e-12 relative
/// to the size of the sums (the plans add the same products in other orders, with fused multiply-adds: last bits differ,
/// nothing more).
/// </summary>
public class ManagedProductPlanTests
{
    private const double Tolerance = 1e-12;
    private static readonly ManagedLinearAlgebraProvider Reference = new();

    public static TheoryData<string, int, int, int, bool, bool, string> CourseProducts() => new()
    {
        // name, m, k, n, tA, tB, the plan the cost model must pick
        { "x·W1 (Affine1 forward, batch 100)", 100, 784, 50, false, false, "strips" },
        { "dout·W1ᵀ (Affine1 dx)", 100, 50, 784, false, true, "dense" },
        { "xᵀ·dout (Affine1 dW)", 784, 100, 50, true, false, "strips" },
        { "x·W1 (gradient check, 3 samples)", 3, 784, 50, false, false, "dot" },
        { "x·W1 (evaluation, 2,000 images, threads)", 2000, 784, 50, false, false, "strips" },
        { "h·W2 (Affine2 forward, dense h)", 100, 50, 10, false, false, "small" },
        { "hᵀ·dout2 (Affine2 dW)", 50, 100, 10, true, false, "small" },
        { "dout2·W2ᵀ (Affine2 dx)", 100, 10, 50, false, true, "small" },
    };

    [Theory]
    [MemberData(nameof(CourseProducts))]
    public void Each_course_product_takes_the_cheap_plan_and_matches_MathNet_on_MNIST_pixels(
        string name, int m, int k, int n, bool tA, bool tB, string plan)
    {
        // The MNIST operand (784 wide, ~80% zeros) is x; the other one is dense like a weight or a gradient.
        var pixelRows = !tA && k == 784 ? m : tA && m == 784 ? k : 0;
        var random = new Random(m + k + n);
        var a = pixelRows > 0 ? BundledMnist.Train.Images.SubMatrix(0, pixelRows, 0, 784).ToColumnMajorArray() : Dense(m * k, random);
        var b = Dense(k * n, random);
        var product = new ManagedMatrixProduct(2);

        var (expected, actual) = Both(product, a, b, m, k, n, tA, tB, alpha: 1, beta: 0, random);

        Assert.Equal(plan, product.LastPlan);
        AssertClose(expected, actual, k, name);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.8)]
    [InlineData(0.99)]
    public void Sparse_and_dense_operands_agree_on_every_transpose_with_alpha_and_beta(double sparsity)
    {
        var random = new Random(11);
        foreach (var (m, k, n) in new[] { (1, 300, 7), (5, 784, 50), (37, 784, 50), (64, 129, 33), (9, 1, 2), (100, 50, 10) })
            foreach (var tA in new[] { false, true })
                foreach (var tB in new[] { false, true })
                {
                    var a = Values(m * k, random, sparsity);
                    var b = Values(k * n, random, sparsity / 2);
                    var product = new ManagedMatrixProduct(2);
                    var (expected, actual) = Both(product, a, b, m, k, n, tA, tB, alpha: 0.5, beta: -1.5, random);
                    AssertClose(expected, actual, k * 0.5 + 1.5, $"{m}×{k}·{k}×{n} tA={tA} tB={tB} sparsity {sparsity} plan {product.LastPlan}");
                }
    }

    [Theory]
    [InlineData(100, 784, 50, false, 0.8, "strips")]  // NaN in a compressed (sparse) row of the left operand
    [InlineData(100, 50, 784, true, 0.0, "dense")]    // dense op(a): register tiles, nothing skipped
    [InlineData(3, 784, 50, false, 0.8, "dot")]
    public void A_NaN_or_infinity_in_the_left_operand_reaches_exactly_its_row_of_the_result(int m, int k, int n, bool tB,
        double sparsity, string plan)
    {
        var random = new Random(5);
        var a = Values(m * k, random, sparsity);
        var b = Values(k * n, random, 0);
        a[1 + 7 * m] = double.NaN;                 // op(a)(1, 7)
        a[2 + 9 * m] = double.PositiveInfinity;    // op(a)(2, 9)
        var c = new double[m * n];
        var product = new ManagedMatrixProduct(1);

        product.Multiply(Transpose.DontTranspose, tB ? Transpose.Transpose : Transpose.DontTranspose, 1,
            a, m, k, b, tB ? n : k, tB ? k : n, 0, c);

        for (var j = 0; j < n; j++)
        {
            Assert.True(double.IsNaN(c[1 + j * m]), $"c(1, {j}) = {c[1 + j * m]}, expected NaN");
            Assert.True(double.IsInfinity(c[2 + j * m]) || double.IsNaN(c[2 + j * m]), $"c(2, {j}) = {c[2 + j * m]}, expected ±∞");
            Assert.True(double.IsFinite(c[0 + j * m]), $"c(0, {j}) = {c[0 + j * m]}, expected a finite value");
        }
        Assert.Equal(plan, product.LastPlan);
    }

    [Theory]
    [InlineData("rows")]
    [InlineData("columns")]
    [InlineData("dense")]
    [InlineData("dot")]
    [InlineData("strips")]
    [InlineData("small")]
    public void Every_plan_forced_on_every_shape_and_transpose_matches_MathNet(string plan)
    {
        // Widths around the strips' 16 columns and the vectors' 4 (1, 3, 4, 15, 16, 17, 50, 67), rows around the
        // compressed blocks' 64 and four-row groups (1, 3, 63, 64, 65, 130), MNIST-like sparsity and dense operands.
        var random = new Random(17);
        var shapes = new[] { (1, 5, 1), (3, 7, 3), (63, 33, 4), (64, 129, 15), (65, 64, 16), (7, 300, 17), (130, 50, 50), (9, 784, 67) };
        foreach (var (m, k, n) in shapes)
            foreach (var sparsity in new[] { 0.0, 0.8 })
                foreach (var tA in new[] { false, true })
                    foreach (var tB in new[] { false, true })
                    {
                        var a = Values(m * k, random, sparsity);
                        var b = Values(k * n, random, 0);
                        var product = new ManagedMatrixProduct(2) { ForcedPlan = plan };
                        var (expected, actual) = Both(product, a, b, m, k, n, tA, tB, alpha: 0.5, beta: -1.5, random);
                        var what = $"{m}×{k}·{k}×{n} tA={tA} tB={tB} sparsity {sparsity} forced {plan}, ran {product.LastPlan}";
                        AssertClose(expected, actual, k * 0.5 + 1.5, what);
                        // dot needs b untransposed, dense at least 16 rows, small one side untransposed and 16 values to vectorise;
                        // otherwise the cheapest other plan runs.
                        var smallCannot = plan == "small" && !(tA ? !tB && k >= 16 : m >= 16);
                        if (!(plan == "dot" && tB) && !(plan == "dense" && m < 16) && !smallCannot) Assert.True(product.LastPlan == plan, what);
                    }
    }

    [Fact]
    public void Strips_in_panels_of_any_width_match_MathNet()
    {
        // AVX2 machines keep at most 8 vectors of sums per panel, AVX-512 ones 16: every split of 50, 67 and 130 columns
        // (1 to 16 vectors per panel, uneven panels included) is run here, whatever this machine's own limit.
        var random = new Random(21);
        foreach (var (m, k, n) in new[] { (70, 784, 50), (9, 300, 67), (5, 129, 130) })
            foreach (var tA in new[] { false, true })
            {
                var a = Values(m * k, random, 0.8);
                var b = Values(k * n, random, 0);
                for (var vectors = 1; vectors <= 16; vectors++)
                {
                    var product = new ManagedMatrixProduct(1) { ForcedPlan = "strips", StripPanelVectors = vectors };
                    var (expected, actual) = Both(product, a, b, m, k, n, tA, false, alpha: 0.5, beta: -1.5, random);
                    AssertClose(expected, actual, k * 0.5 + 1.5, $"{m}×{k}·{k}×{n} tA={tA}, {vectors} vectors per panel");
                }
            }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Small_products_propagate_NaN_like_MathNet_and_ignore_NaN_in_c_when_beta_is_zero(bool tA, bool tB)
    {
        // Dense arithmetic, nothing skipped: a NaN or ∞ anywhere in either operand reaches the sums it enters, as in MathNet.
        var random = new Random(12);
        const int m = 20, k = 30, n = 7;
        var a = Values(m * k, random, 0.5);
        var b = Values(k * n, random, 0.5);
        a[tA ? 4 + 2 * k : 2 + 4 * m] = double.NaN;      // op(a)(2, 4)
        b[tB ? 5 + 6 * n : 6 + 5 * k] = double.PositiveInfinity;   // op(b)(6, 5)
        var expected = new double[m * n];
        var actual = Enumerable.Repeat(double.NaN, m * n).ToArray();
        var (opA, opB) = (tA ? Transpose.Transpose : Transpose.DontTranspose, tB ? Transpose.Transpose : Transpose.DontTranspose);
        var (rowsA, columnsA, rowsB, columnsB) = (tA ? k : m, tA ? m : k, tB ? n : k, tB ? k : n);
        Reference.MatrixMultiplyWithUpdate(opA, opB, 1, a, rowsA, columnsA, b, rowsB, columnsB, 0, expected);
        var product = new ManagedMatrixProduct(1);

        product.Multiply(opA, opB, 1, a, rowsA, columnsA, b, rowsB, columnsB, 0, actual);

        Assert.Equal("small", product.LastPlan);
        for (var i = 0; i < m * n; i++)
        {
            var what = $"c({i % m}, {i / m}) tA={tA} tB={tB}: expected {expected[i]}, got {actual[i]}";
            if (double.IsFinite(expected[i])) Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance * k, what);
            else Assert.True(double.IsNaN(expected[i]) ? double.IsNaN(actual[i]) : expected[i] == actual[i], what);
        }
    }

    [Fact]
    public void Strips_with_beta_zero_ignore_NaN_already_in_the_result()
    {
        var random = new Random(3);
        const int m = 70, k = 784, n = 50;
        var a = Values(m * k, random, 0.8);
        var b = Values(k * n, random, 0);
        var c = Enumerable.Repeat(double.NaN, m * n).ToArray();
        var expected = new double[m * n];
        Reference.MatrixMultiplyWithUpdate(Transpose.DontTranspose, Transpose.DontTranspose, 1, a, m, k, b, k, n, 0, expected);
        var product = new ManagedMatrixProduct(1) { ForcedPlan = "strips" };

        product.Multiply(Transpose.DontTranspose, Transpose.DontTranspose, 1, a, m, k, b, k, n, 0, c);

        Assert.Equal("strips", product.LastPlan);
        AssertClose(expected, c, k, "beta = 0 over NaN");
    }

    [Fact]
    public void Strips_split_over_threads_give_the_same_sums_as_one_thread()
    {
        // 2,000 MNIST images·W1 costs more than the threading threshold: blocks of 64 rows go to two threads.
        var random = new Random(4);
        var a = BundledMnist.Train.Images.SubMatrix(0, 2000, 0, 784).ToColumnMajorArray();
        var b = Dense(784 * 50, random);
        var one = new double[2000 * 50];
        var two = new double[2000 * 50];
        new ManagedMatrixProduct(1) { ForcedPlan = "strips" }.Multiply(Transpose.DontTranspose, Transpose.DontTranspose, 1, a, 2000, 784, b, 784, 50, 0, one);
        new ManagedMatrixProduct(2) { ForcedPlan = "strips" }.Multiply(Transpose.DontTranspose, Transpose.DontTranspose, 1, a, 2000, 784, b, 784, 50, 0, two);
        Assert.Equal(one, two);
    }

    [Fact]
    public void Slabs_of_a_large_right_operand_give_the_same_sums_as_one_pass()
    {
        // The rows plan: W packed row-major is 784×52 doubles = 326 KB, walked in L1-sized slabs of rows; 40 rows = a task of
        // 32 and one of 8, both slabbed, with rows whose non-zeros end in different slabs. (Left to the cost model, this
        // product now goes to the strips, which have no slabs: the plan is forced so the slabs stay tested.)
        var random = new Random(8);
        const int m = 40, k = 784, n = 50;
        var a = Values(m * k, random, 0.8);
        var b = Values(k * n, random, 0);
        var product = new ManagedMatrixProduct(1) { ForcedPlan = "rows" };
        var (expected, actual) = Both(product, a, b, m, k, n, false, false, 1, 0, random);
        AssertClose(expected, actual, k, "slabs");
    }

    private static (double[] Expected, double[] Actual) Both(ManagedMatrixProduct product, double[] a, double[] b, int m, int k, int n,
        bool tA, bool tB, double alpha, double beta, Random random)
    {
        var (rowsA, columnsA) = tA ? (k, m) : (m, k);
        var (rowsB, columnsB) = tB ? (n, k) : (k, n);
        var opA = tA ? Transpose.Transpose : Transpose.DontTranspose;
        var opB = tB ? Transpose.Transpose : Transpose.DontTranspose;
        var c0 = Dense(m * n, random);
        var expected = (double[])c0.Clone();
        Reference.MatrixMultiplyWithUpdate(opA, opB, alpha, a, rowsA, columnsA, b, rowsB, columnsB, beta, expected);
        var actual = (double[])c0.Clone();
        product.Multiply(opA, opB, alpha, a, rowsA, columnsA, b, rowsB, columnsB, beta, actual);
        return (expected, actual);
    }

    private static void AssertClose(double[] expected, double[] actual, double scale, string what)
    {
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance * scale,
                $"{what}: element {i} expected {expected[i]}, got {actual[i]}");
    }

    private static double[] Dense(int count, Random random) => Values(count, random, 0);

    private static double[] Values(int count, Random random, double sparsity) =>
        [.. Enumerable.Range(0, count).Select(_ => random.NextDouble() < sparsity ? 0.0 : 2 * random.NextDouble() - 1)];
}
