using Backprop.Performance;
using MathNet.Numerics.Providers.LinearAlgebra;

namespace Backprop.Performance.Tests;

/// <summary>
/// The register-blocked dense product (8×6 tiles) against MathNet's provider on random shapes that leave every kind of
/// tail (rows not a multiple of 8, columns not a multiple of 6), every transpose pair, alpha and beta, within 1e-12
/// relative to the size of the sums; and IEEE propagation of NaN and ∞ from both operands, since it skips no zeros.
/// </summary>
public class DenseTileProductTests
{
    private const double Tolerance = 1e-12;
    private static readonly ManagedLinearAlgebraProvider Reference = new();

    [Fact]
    public void Dense_tiles_match_MathNet_on_random_shapes_transposes_alpha_and_beta()
    {
        var random = new Random(21);
        for (var trial = 0; trial < 60; trial++)
        {
            int m = random.Next(1, 40), k = random.Next(1, 30), n = random.Next(1, 20);
            bool tA = random.Next(2) == 1, tB = random.Next(2) == 1;
            var (alpha, beta) = trial % 3 == 0 ? (1.0, 0.0) : (2 * random.NextDouble() - 1, 2 * random.NextDouble() - 1);
            var a = Values(m * k, random);
            var b = Values(k * n, random);
            var c0 = Values(m * n, random);

            var expected = Expected(a, b, c0, m, k, n, tA, tB, alpha, beta);
            var actual = (double[])c0.Clone();
            Product(a, b, actual, m, k, n, tA, tB, alpha, beta).Run();

            var scale = Math.Abs(alpha) * k + Math.Abs(beta);
            for (var i = 0; i < m * n; i++)
                Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance * scale,
                    $"{m}×{k}·{k}×{n} tA={tA} tB={tB} alpha={alpha} beta={beta}: c({i % m}, {i / m}) expected {expected[i]}, got {actual[i]}");
        }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void NaN_and_infinity_in_either_operand_propagate_exactly_as_in_a_plain_triple_loop(bool tA, bool tB)
    {
        const int m = 19, k = 7, n = 13;
        var random = new Random(4);
        var a = Values(m * k, random);
        var b = Values(k * n, random);
        SetA(a, 3, 2, double.NaN, m, k, tA);
        SetA(a, 17, 5, double.PositiveInfinity, m, k, tA);
        SetA(a, 9, 4, 0.0, m, k, tA);                        // 0 · ∞ below must give NaN, not 0
        SetB(b, 4, 8, double.NegativeInfinity, k, n, tB);
        SetB(b, 6, 11, double.NaN, k, n, tB);
        var c = new double[m * n];

        Product(a, b, c, m, k, n, tA, tB, 1, 0).Run();

        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
            {
                var sum = 0.0;
                for (var p = 0; p < k; p++) sum += GetA(a, i, p, m, k, tA) * GetB(b, p, j, k, n, tB);
                var got = c[i + j * m];
                if (double.IsFinite(sum))
                    Assert.True(Math.Abs(sum - got) <= Tolerance * k, $"c({i}, {j}) expected {sum}, got {got}");
                else
                    Assert.True(sum.Equals(got), $"c({i}, {j}) expected {sum}, got {got}");
            }
        Assert.True(double.IsNaN(c[9 + 8 * m]), "0 in a(9, 4) times -∞ in b(4, 8) must make c(9, 8) NaN");
    }

    [Fact]
    public void With_beta_zero_whatever_the_result_held_before_is_ignored()
    {
        const int m = 10, k = 3, n = 7;
        var random = new Random(9);
        var a = Values(m * k, random);
        var b = Values(k * n, random);
        var c = Enumerable.Repeat(double.NaN, m * n).ToArray();

        Product(a, b, c, m, k, n, false, false, 0.5, 0).Run();

        var expected = Expected(a, b, new double[m * n], m, k, n, false, false, 0.5, 0);
        for (var i = 0; i < m * n; i++) Assert.Equal(expected[i], c[i], 1e-12 * k);
    }

    [Fact]
    public void Skipping_all_zero_steps_gives_the_same_sums_on_sparse_operands()
    {
        var random = new Random(17);
        foreach (var (m, k, n, tA, tB) in new[] { (100, 784, 50, false, false), (37, 90, 13, true, false), (16, 40, 7, false, true), (9, 5, 6, true, true) })
        {
            // Rows zero in blocks (as background pixels are zero in many images at once) plus scattered zeros.
            var a = Values(m * k, random);
            for (var p = 0; p < k; p++)
                for (var i = 0; i < m; i++)
                    if (p % 3 == 0 || random.NextDouble() < 0.5) SetA(a, i, p, 0.0, m, k, tA);
            var b = Values(k * n, random);
            var c0 = Values(m * n, random);
            var expected = Expected(a, b, c0, m, k, n, tA, tB, 0.75, -0.5);
            var actual = (double[])c0.Clone();

            (Product(a, b, actual, m, k, n, tA, tB, 0.75, -0.5) with { SkipZeroSteps = true }).Run();

            for (var i = 0; i < m * n; i++)
                Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance * (k + 1),
                    $"{m}×{k}·{k}×{n} tA={tA} tB={tB}: c({i % m}, {i / m}) expected {expected[i]}, got {actual[i]}");
        }
    }

    [Fact]
    public void Skipping_zero_steps_lets_a_NaN_of_the_right_operand_meet_them_as_zero_but_keeps_NaN_of_the_left()
    {
        const int m = 16, k = 4, n = 6;
        var a = new double[m * k];
        for (var i = 0; i < m; i++) { a[i] = 1; a[i + 2 * m] = 2; }   // steps 1 and 3 are zero in every row
        a[5 + 2 * m] = double.NaN;                                   // op(a)(5, 2)
        var b = new double[k * n];
        for (var j = 0; j < n; j++) { b[j * k] = 1; b[1 + j * k] = double.NaN; b[2 + j * k] = 1; }  // op(b)(1, j) = NaN
        var c = new double[m * n];

        new DenseTileProduct(a, false, m, m, k, b, 1, k, n, c, 1, 0, SkipZeroSteps: true).Run();

        for (var j = 0; j < n; j++)
            for (var i = 0; i < m; i++)
                if (i == 5) Assert.True(double.IsNaN(c[i + j * m]), $"c(5, {j}) = {c[i + j * m]}, expected NaN from op(a)");
                else Assert.Equal(3.0, c[i + j * m], 1e-15);
    }

    [Fact]
    public void The_managed_product_uses_dense_tiles_for_a_dense_gradient_times_W1_transposed()
    {
        const int m = 100, k = 50, n = 784;
        var random = new Random(2);
        var dout = Values(m * k, random);
        var w1 = Values(n * k, random);
        var product = new ManagedMatrixProduct(2);
        var c = new double[m * n];

        product.Multiply(Transpose.DontTranspose, Transpose.Transpose, 1, dout, m, k, w1, n, k, 0, c);

        Assert.Equal("dense", product.LastPlan);
        var expected = Expected(dout, w1, new double[m * n], m, k, n, false, true, 1, 0);
        for (var i = 0; i < m * n; i++) Assert.True(Math.Abs(expected[i] - c[i]) <= Tolerance * k, $"element {i}");
    }

    private static DenseTileProduct Product(double[] a, double[] b, double[] c, int m, int k, int n, bool tA, bool tB,
        double alpha, double beta)
    {
        var rowsA = tA ? k : m;
        var rowsB = tB ? n : k;
        var (innerStep, columnStep) = tB ? (rowsB, 1) : (1, rowsB);
        return new DenseTileProduct(a, tA, rowsA, m, k, b, innerStep, columnStep, n, c, alpha, beta);
    }

    private static double[] Expected(double[] a, double[] b, double[] c0, int m, int k, int n, bool tA, bool tB, double alpha, double beta)
    {
        var (rowsA, columnsA) = tA ? (k, m) : (m, k);
        var (rowsB, columnsB) = tB ? (n, k) : (k, n);
        var expected = (double[])c0.Clone();
        Reference.MatrixMultiplyWithUpdate(tA ? Transpose.Transpose : Transpose.DontTranspose,
            tB ? Transpose.Transpose : Transpose.DontTranspose, alpha, a, rowsA, columnsA, b, rowsB, columnsB, beta, expected);
        return expected;
    }

    private static double GetA(double[] a, int i, int p, int m, int k, bool tA) => tA ? a[p + i * k] : a[i + p * m];
    private static void SetA(double[] a, int i, int p, double value, int m, int k, bool tA) => a[tA ? p + i * k : i + p * m] = value;
    private static double GetB(double[] b, int p, int j, int k, int n, bool tB) => tB ? b[j + p * n] : b[p + j * k];
    private static void SetB(double[] b, int p, int j, double value, int k, int n, bool tB) => b[tB ? j + p * n : p + j * k] = value;

    private static double[] Values(int count, Random random) => [.. Enumerable.Range(0, count).Select(_ => 2 * random.NextDouble() - 1)];
}
