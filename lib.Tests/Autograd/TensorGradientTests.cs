using Backprop.Autograd;
using Backprop.Gradients;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Autograd;

/// <summary>
/// Every <see cref="Tensor"/> operation's backward against central differences of its forward. The output is given a random
/// upstream gradient dout (not all ones, so a backward that ignores or transposes dout fails), and the numerical gradient is
/// that of Σ out ⊙ dout, summed with plain MathNet: nothing of Tensor's backward takes part in the reference.
/// Shapes include 1×1, a single row (N = 1), a single column, and broadcasting of a row, a column and a number either way.
/// Tolerance: largest relative error (GradientCheck's, h = 1e-4) below 1e-6, ten times stricter than GradientCheck's "ok";
/// the central difference's own error is about h² ≈ 1e-8 relative on these inputs of order 1, and the worst element
/// measured over this file was 6e-8 (a small entry of W1's gradient in the two-layer network); most are below 2e-8.
/// </summary>
public class TensorGradientTests
{
    private const double Tolerance = 1e-6;

    private static readonly (int Rows, int Columns)[] Shapes = [(1, 1), (1, 5), (4, 1), (3, 4)];

    // Left and right operand shapes: equal, a row, a column and a number broadcast from either side, and a row against a
    // column (both broadcast, to 3×4).
    private static readonly ((int, int) Left, (int, int) Right)[] BroadcastPairs =
    [
        ((1, 1), (1, 1)), ((1, 5), (1, 5)), ((3, 4), (3, 4)),
        ((3, 4), (1, 4)), ((1, 4), (3, 4)),
        ((3, 4), (3, 1)), ((3, 1), (3, 4)),
        ((3, 4), (1, 1)), ((1, 1), (3, 4)),
        ((1, 4), (3, 1)), ((1, 5), (1, 1)), ((4, 1), (1, 1)),
    ];

    /// <summary>
    /// Asserts that the gradients Backward gives every input of <paramref name="f"/> agree with central differences.
    /// </summary>
    internal static void AgreesWithCentralDifferences(string what, Func<Tensor[], Tensor> f, params Matrix<double>[] inputs)
    {
        var leaves = inputs.Select(m => new Tensor(m)).ToArray();
        var output = f(leaves);
        var dout = RandomMatrix.Uniform(output.Rows, output.Columns, seed: 97 + output.Rows * 7 + output.Columns);
        output.Backward(dout);
        for (var k = 0; k < inputs.Length; k++)
        {
            // The leaves wrap the input matrices, so the nudges NumericalGradient makes in inputs[k] reach the forward pass.
            var numerical = NumericalGradient.Of(() => f(leaves).Data.PointwiseMultiply(dout).Enumerate().Sum(), inputs[k]);
            var entry = GradientCheck.Compare($"input {k}", numerical, leaves[k].Grad);
            Assert.True(entry.RelativeError < Tolerance,
                $"{what}: input {k} ({entry.Shape}) has relative error {entry.RelativeError:E2} against central differences " +
                $"(numerical {numerical.ToMatrixString()}, backprop {leaves[k].Grad.ToMatrixString()}).");
        }
    }

    private static Matrix<double> Around(int rows, int columns, int seed) => RandomMatrix.Uniform(rows, columns, seed);

    // Away from 0 (for log, ÷ and fractional powers): in [0.5, 2).
    private static Matrix<double> Positive(int rows, int columns, int seed) => RandomMatrix.Uniform(rows, columns, seed, 0.5, 2.0);

    // Either sign, at least 0.5 from 0: in ±[0.5, 1.5).
    private static Matrix<double> Signed(int rows, int columns, int seed) =>
        RandomMatrix.Uniform(rows, columns, seed).Map(v => v < 0 ? v - 0.5 : v + 0.5);

    [Fact]
    public void Addition_subtraction_multiplication_and_division_agree_with_central_differences_for_every_broadcast()
    {
        var seed = 1;
        foreach (var ((r1, c1), (r2, c2)) in BroadcastPairs)
        {
            var shapes = $"{r1}×{c1} with {r2}×{c2}";
            AgreesWithCentralDifferences($"a + b, {shapes}", t => t[0] + t[1], Around(r1, c1, seed++), Around(r2, c2, seed++));
            AgreesWithCentralDifferences($"a − b, {shapes}", t => t[0] - t[1], Around(r1, c1, seed++), Around(r2, c2, seed++));
            AgreesWithCentralDifferences($"a × b, {shapes}", t => t[0] * t[1], Around(r1, c1, seed++), Around(r2, c2, seed++));
            AgreesWithCentralDifferences($"a ÷ b, {shapes}", t => t[0] / t[1], Around(r1, c1, seed++), Positive(r2, c2, seed++));
        }
    }

    [Fact]
    public void Negation_and_operations_with_a_number_agree_with_central_differences()
    {
        var seed = 100;
        foreach (var (rows, columns) in Shapes)
        {
            AgreesWithCentralDifferences($"−a, {rows}×{columns}", t => -t[0], Around(rows, columns, seed++));
            AgreesWithCentralDifferences($"2·a + 1, {rows}×{columns}", t => 2 * t[0] + 1, Around(rows, columns, seed++));
            AgreesWithCentralDifferences($"1/a − a/3, {rows}×{columns}", t => 1 / t[0] - t[0] / 3, Positive(rows, columns, seed++));
        }
    }

    [Fact]
    public void Exp_log_tanh_relu_and_powers_agree_with_central_differences()
    {
        var seed = 200;
        foreach (var (rows, columns) in Shapes)
        {
            var shape = $"{rows}×{columns}";
            AgreesWithCentralDifferences($"exp, {shape}", t => t[0].Exp(), Around(rows, columns, seed++));
            AgreesWithCentralDifferences($"log, {shape}", t => t[0].Log(), Positive(rows, columns, seed++));
            AgreesWithCentralDifferences($"tanh, {shape}", t => t[0].Tanh(), Around(rows, columns, seed++));
            // Inputs at least 0.01 from ReLU's kink, so no ±h nudge crosses it.
            AgreesWithCentralDifferences($"ReLU, {shape}", t => t[0].Relu(), RandomMatrix.AwayFromZero(rows, columns, seed++));
            AgreesWithCentralDifferences($"x², {shape}", t => t[0].Pow(2), Around(rows, columns, seed++));
            // x³'s central difference is off by exactly h² (its third derivative is 6), h²/(3x²) relative: x is kept ≥ 0.5 in size.
            AgreesWithCentralDifferences($"x³, {shape}", t => t[0].Pow(3), Signed(rows, columns, seed++));
            AgreesWithCentralDifferences($"x^−0.5, {shape}", t => t[0].Pow(-0.5), Positive(rows, columns, seed++));
            AgreesWithCentralDifferences($"x^−1, {shape}", t => t[0].Pow(-1), Positive(rows, columns, seed++));
        }
    }

    [Fact]
    public void Matrix_product_agrees_with_central_differences()
    {
        var seed = 300;
        foreach (var (n, k, m) in new[] { (1, 1, 1), (1, 3, 1), (3, 1, 4), (1, 3, 5), (4, 3, 2), (5, 4, 5) })
            AgreesWithCentralDifferences($"MatMul {n}×{k} · {k}×{m}", t => t[0].MatMul(t[1]), Around(n, k, seed++), Around(k, m, seed++));
    }

    [Fact]
    public void Sums_and_means_along_each_axis_and_of_all_agree_with_central_differences()
    {
        var seed = 400;
        foreach (var (rows, columns) in Shapes)
        {
            var shape = $"{rows}×{columns}";
            AgreesWithCentralDifferences($"sum(axis 0), {shape}", t => t[0].Sum(0), Around(rows, columns, seed++));
            AgreesWithCentralDifferences($"sum(axis 1), {shape}", t => t[0].Sum(1), Around(rows, columns, seed++));
            AgreesWithCentralDifferences($"sum, {shape}", t => t[0].Sum(), Around(rows, columns, seed++));
            AgreesWithCentralDifferences($"mean(axis 0), {shape}", t => t[0].Mean(0), Around(rows, columns, seed++));
            AgreesWithCentralDifferences($"mean(axis 1), {shape}", t => t[0].Mean(1), Around(rows, columns, seed++));
            AgreesWithCentralDifferences($"mean, {shape}", t => t[0].Mean(), Around(rows, columns, seed++));
        }
    }

    [Fact]
    public void Max_along_each_axis_agrees_with_central_differences()
    {
        var seed = 500;
        foreach (var (rows, columns) in Shapes)
        {
            var shape = $"{rows}×{columns}";
            AgreesWithCentralDifferences($"max(axis 0), {shape}", t => t[0].Max(0), WellSeparated(rows, columns, seed++));
            AgreesWithCentralDifferences($"max(axis 1), {shape}", t => t[0].Max(1), WellSeparated(rows, columns, seed++));
        }
    }

    [Fact]
    public void Picking_one_entry_per_row_agrees_with_central_differences()
    {
        AgreesWithCentralDifferences("pick [0] from 1×1", t => t[0].Pick([0]), Around(1, 1, 600));
        AgreesWithCentralDifferences("pick [3] from 1×5", t => t[0].Pick([3]), Around(1, 5, 601));
        AgreesWithCentralDifferences("pick [0, 0, 0, 0] from 4×1", t => t[0].Pick([0, 0, 0, 0]), Around(4, 1, 602));
        AgreesWithCentralDifferences("pick [2, 0, 2] from 3×4", t => t[0].Pick([2, 0, 2]), Around(3, 4, 603));
        AgreesWithCentralDifferences("pick random labels from 7×10", t => t[0].Pick(RandomMatrix.Labels(7, 10, 604)), Around(7, 10, 605));
    }

    // The elementary steps of lesson 12's network (Affine, batch norm, tanh, Affine, softmax, cross-entropy): every
    // operation at once. t: x, W1, b1, γ, β, W2, b2.
    private static readonly int[] NetworkLabels = [1, 0, 2, 2, 1];

    private static Tensor Network(Tensor[] t)
    {
        var (x, w1, b1, gamma, beta, w2, b2) = (t[0], t[1], t[2], t[3], t[4], t[5], t[6]);
        var hPre = x.MatMul(w1) + b1;
        var mean = hPre.Mean(0);
        var centred = hPre - mean;
        var variance = (centred * centred).Sum(0) / (x.Rows - 1);
        var normalised = centred * (variance + 1e-5).Pow(-0.5);
        var h = (gamma * normalised + beta).Tanh();
        var logits = h.MatMul(w2) + b2;
        var shifted = logits - logits.Max(1);
        var counts = shifted.Exp();
        var probabilities = counts / counts.Sum(1);
        return -probabilities.Log().Pick(NetworkLabels).Mean();
    }

    private static Matrix<double>[] NetworkInputs() =>
        [Around(5, 3, 700), Around(3, 4, 701), Around(1, 4, 702), Positive(1, 4, 703), Around(1, 4, 704), Around(4, 3, 705), Around(1, 3, 706)];

    [Fact]
    public void A_two_layer_network_with_batch_norm_and_cross_entropy_agrees_with_central_differences()
    {
        // b1 (input 2) is left out here: see the next test.
        var inputs = NetworkInputs();
        AgreesWithCentralDifferences("two-layer network", t => Network([t[0], t[1], inputs[2], t[2], t[3], t[4], t[5]]),
            inputs[0], inputs[1], inputs[3], inputs[4], inputs[5], inputs[6]);
    }

    [Fact]
    public void A_bias_just_before_batch_norm_gets_no_gradient()
    {
        // Batch norm subtracts each column's mean, and b1 shifts a whole column, so the loss does not depend on b1 at all:
        // its true gradient is 0, and both gradients are rounding noise (their relative error means nothing).
        var inputs = NetworkInputs();
        var leaves = inputs.Select(m => new Tensor(m)).ToArray();
        Network(leaves).Backward();
        var numerical = NumericalGradient.Of(() => Network(leaves).Data[0, 0], inputs[2]);
        Assert.InRange(leaves[2].Grad.Enumerate().Max(Math.Abs), 0, 1e-15);
        Assert.InRange(numerical.Enumerate().Max(Math.Abs), 0, 1e-11);
        Assert.InRange(leaves[1].Grad.Enumerate().Max(Math.Abs), 1e-3, double.PositiveInfinity);
    }

    // Entries whose pairwise gaps are at least 0.05, so a ±1e-4 nudge never changes which one is the maximum.
    private static Matrix<double> WellSeparated(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        int[] order = [.. Enumerable.Range(0, rows * columns).OrderBy(_ => random.Next())];
        return Matrix<double>.Build.Dense(rows, columns, (i, j) => 0.1 * order[i * columns + j] - 0.5 + 0.05 * random.NextDouble());
    }
}
