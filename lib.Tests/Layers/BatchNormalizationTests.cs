using Backprop.Errors;
using Backprop.Gradients;
using Backprop.Layers;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Layers;

/// <summary>
/// Batch Normalization: the forward against element-by-element loops and hand-computed numbers, the compact backward against
/// central differences (by relative error, as <see cref="GradientCheck"/> judges) and against the node-by-node backward
/// written out below, the running statistics, inference mode, and the errors.
/// </summary>
public class BatchNormalizationTests
{
    private const double Epsilon = BatchNormalization.DefaultEpsilon;

    public static TheoryData<int, int, int> Shapes => new()
    {
        { 2, 1, 1 }, { 2, 3, 2 }, { 3, 4, 3 }, { 5, 2, 4 }, { 8, 6, 5 }, { 16, 3, 6 }, { 32, 10, 7 },
    };

    // N = 2 is left out of the relative-error check: see Two_samples_normalise_to_plus_and_minus_one_whatever_x_is.
    public static TheoryData<int, int, int> CheckedShapes => new()
    {
        { 3, 1, 1 }, { 3, 4, 3 }, { 4, 3, 2 }, { 5, 2, 4 }, { 8, 6, 5 }, { 16, 3, 6 }, { 32, 10, 7 },
    };

    private static BatchNormalization Layer(int features, int seed, string name = "BatchNorm1") => new(
        new Parameter("gamma", RandomMatrix.Uniform(1, features, seed + 1, 0.5, 1.5)),
        new Parameter("beta", RandomMatrix.Uniform(1, features, seed + 2)), name: name);

    [Theory]
    [MemberData(nameof(CheckedShapes))]
    public void Backward_agrees_with_central_differences_for_x_gamma_and_beta(int n, int d, int seed)
    {
        var layer = Layer(d, seed);
        // Columns on different scales and offsets, as a previous Affine's outputs would be.
        var x = Matrix<double>.Build.Dense(n, d, (i, j) => 3.0 * j - 1 + (1 + j) * RandomMatrix.Uniform(n, d, seed).At(i, j));
        var g = RandomMatrix.Uniform(n, d, seed + 3);
        double F() => layer.Forward(x).PointwiseMultiply(g).Enumerate().Sum();

        var numerical = new Dictionary<string, Matrix<double>>
        {
            ["x"] = NumericalGradient.Of(F, x),
            ["gamma"] = NumericalGradient.Of(F, layer.Gamma.Data),
            ["beta"] = NumericalGradient.Of(F, layer.Beta.Data),
        };
        layer.Forward(x);
        var backprop = new Dictionary<string, Matrix<double>>
        {
            ["x"] = layer.Backward(g), ["gamma"] = layer.DGamma!, ["beta"] = layer.DBeta!,
        };
        var report = GradientCheck.Compare(numerical, backprop);

        foreach (var entry in report.Entries)
        {
            // Measured for x: 2.5e-7 at N = 3 with one column, 5e-9 or less from N = 4 (dx's elements are differences of
            // nearly equal terms, so their relative error is the largest); a missing branch is judged a bug (next test).
            Assert.True(entry.RelativeError < 1e-6, $"{entry.Name} at N = {n}, D = {d}: relative error {entry.RelativeError:G3}");
            Assert.Equal(GradientVerdict.Ok, entry.Verdict);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Compact_backward_equals_the_node_by_node_backward_of_the_graph(int n, int d, int seed)
    {
        var layer = Layer(d, seed);
        var x = RandomMatrix.Uniform(n, d, seed, -2, 3);
        var dy = RandomMatrix.Uniform(n, d, seed + 3);
        layer.Forward(x);
        var dx = layer.Backward(dy);

        var graph = NodeByNode(x, layer.Gamma.Data, layer.Beta.Data, dy);

        Loops.Near(graph.Y, layer.Forward(x), 1e-12, "y");
        Loops.Near(graph.DBeta, layer.DBeta!, 1e-12, "dβ");
        Loops.Near(graph.DGamma, layer.DGamma!, 1e-12, "dγ");
        Loops.Near(graph.Dx, dx, 1e-11, "dx");
    }

    [Theory]
    [InlineData("mean")]
    [InlineData("variance")]
    public void The_check_catches_a_backward_that_forgets_a_branch(string forgotten)
    {
        const int n = 8, d = 3;
        var layer = Layer(d, 20);
        var x = RandomMatrix.Uniform(n, d, 21, -1, 2);
        var dy = RandomMatrix.Uniform(n, d, 22);
        var numerical = NumericalGradient.Of(() => layer.Forward(x).PointwiseMultiply(dy).Enumerate().Sum(), x);
        var graph = NodeByNode(x, layer.Gamma.Data, layer.Beta.Data, dy);

        // The compact formula without one of its sums: γ/s·(dy − mean of dy) forgets that σ² depends on x,
        // γ/s·(dy − x̂·mean of dy·x̂) that μ does.
        var wrong = Matrix<double>.Build.Dense(n, d);
        for (var j = 0; j < d; j++)
        {
            double mean = 0, variance = 0, sumDy = 0, sumDyXHat = 0;
            for (var i = 0; i < n; i++) mean += x.At(i, j) / n;
            for (var i = 0; i < n; i++) variance += (x.At(i, j) - mean) * (x.At(i, j) - mean) / n;
            var std = Math.Sqrt(variance + Epsilon);
            for (var i = 0; i < n; i++)
            {
                sumDy += dy.At(i, j);
                sumDyXHat += dy.At(i, j) * (x.At(i, j) - mean) / std;
            }
            for (var i = 0; i < n; i++)
            {
                var xHat = (x.At(i, j) - mean) / std;
                var kept = forgotten == "variance" ? sumDy / n : xHat * sumDyXHat / n;
                wrong.At(i, j, layer.Gamma.Data.At(0, j) / std * (dy.At(i, j) - kept));
            }
        }

        Assert.Equal(GradientVerdict.Bug, GradientCheck.Compare("x", numerical, wrong).Verdict);
        Assert.Equal(GradientVerdict.Ok, GradientCheck.Compare("x", numerical, graph.Dx).Verdict);
    }

    [Fact]
    public void Two_samples_normalise_to_plus_and_minus_one_whatever_x_is()
    {
        // With N = 2 and d = x₁ − x₂ in a column, x̂ = ±d/√(d² + 4ε) ≈ ±1: moving x barely moves y. Differentiating,
        // ∂x̂₁/∂d = 4ε/(d² + 4ε)^(3/2), so dx₁ = −dx₂ = γ·(g₁ − g₂)·4ε/(d² + 4ε)^(3/2) — of order ε/d², here a few 1e-6 —
        // and its relative error compares two roundings of almost nothing (measured up to 4e-5). The absolute difference
        // is what agrees.
        var layer = Layer(3, 90);
        var x = RandomMatrix.Uniform(2, 3, 91, -2, 2);
        var g = RandomMatrix.Uniform(2, 3, 92);
        var numerical = NumericalGradient.Of(() => layer.Forward(x).PointwiseMultiply(g).Enumerate().Sum(), x);
        layer.Forward(x);
        var dx = layer.Backward(g);

        for (var j = 0; j < 3; j++)
        {
            var d = x.At(0, j) - x.At(1, j);
            var expected = layer.Gamma.Data.At(0, j) * (g.At(0, j) - g.At(1, j)) * 4 * Epsilon / Math.Pow(d * d + 4 * Epsilon, 1.5);
            Assert.Equal(expected, dx.At(0, j), 1e-15);
            Assert.Equal(-expected, dx.At(1, j), 1e-15);
        }
        Assert.InRange(RandomMatrix.MaxAbsDifference(numerical, dx), 0, 1e-9);
        var y = layer.Forward(x);
        for (var j = 0; j < 3; j++)
        {
            var d = x.At(0, j) - x.At(1, j);
            var xHat = d / Math.Sqrt(d * d + 4 * Epsilon);  // just below 1 in size: 1 − |x̂| ≈ 2ε/d²
            Assert.Equal(xHat, (y.At(0, j) - layer.Beta.Data.At(0, j)) / layer.Gamma.Data.At(0, j), 1e-14);
            Assert.Equal(-xHat, (y.At(1, j) - layer.Beta.Data.At(0, j)) / layer.Gamma.Data.At(0, j), 1e-14);
            Assert.InRange(Math.Abs(xHat), 1 - 10 * Epsilon, 1);
        }
    }

    [Fact]
    public void Forward_normalises_each_column_over_the_batch_dividing_the_variance_by_n()
    {
        // Column 0: 1 and 3, mean 2, variance ((−1)² + 1²)/2 = 1. Column 1: 2 and 6, mean 4, variance (4 + 4)/2 = 4.
        var layer = new BatchNormalization(
            new Parameter("gamma", Loops.Rows([2.0, 1.0])), new Parameter("beta", Loops.Rows([0.5, -1.0])));
        var y = layer.Forward(Loops.Rows([1.0, 2.0], [3.0, 6.0]));

        var a = 1 / Math.Sqrt(1 + Epsilon);  // x̂ of column 0 is ∓1/√(1 + ε)
        var b = 2 / Math.Sqrt(4 + Epsilon);  // x̂ of column 1 is ∓2/√(4 + ε)
        Loops.Near(Loops.Rows([0.5 - 2 * a, -1 - b], [0.5 + 2 * a, -1 + b]), y, 1e-15, "y");
        Assert.Equal(1e-6, BatchNormalization.DefaultEpsilon);  // the book's 10e-7
        Assert.Equal(0.9, BatchNormalization.DefaultMomentum);
    }

    [Fact]
    public void A_constant_column_comes_out_as_beta_thanks_to_epsilon()
    {
        var layer = new BatchNormalization(3);
        var y = layer.Forward(Loops.Rows([5.0, 1.0, 0.0], [5.0, 2.0, 0.0], [5.0, 3.0, 0.0]));
        Assert.All(y.Column(0).Concat(y.Column(2)), v => Assert.Equal(0.0, v));
        Assert.Equal(["gamma", "beta"], new[] { layer.Gamma.Name, layer.Beta.Name });
        Assert.Equal(3.0, layer.Gamma.Data.Enumerate().Sum());
    }

    [Fact]
    public void Running_mean_and_variance_move_towards_each_batch_with_momentum_0_9()
    {
        var layer = new BatchNormalization(2);
        // Batch 1: means [2, 10], variances [1, 0]. Batch 2: means [0, 4], variances [4, 16].
        layer.Forward(Loops.Rows([1.0, 10.0], [3.0, 10.0]));
        Loops.Near(Loops.Rows([0.2, 1.0]), layer.RunningMean, 1e-15, "running mean after batch 1");  // 0.9·0 + 0.1·μ
        Loops.Near(Loops.Rows([0.1, 0.0]), layer.RunningVariance, 1e-15, "running variance after batch 1");

        layer.Forward(Loops.Rows([-2.0, 0.0], [2.0, 8.0]));
        // 0.9·[0.2, 1] + 0.1·[0, 4] = [0.18, 1.3]; 0.9·[0.1, 0] + 0.1·[4, 16] = [0.49, 1.6]
        Loops.Near(Loops.Rows([0.18, 1.3]), layer.RunningMean, 1e-15, "running mean after batch 2");
        Loops.Near(Loops.Rows([0.49, 1.6]), layer.RunningVariance, 1e-15, "running variance after batch 2");
    }

    [Fact]
    public void Inference_uses_the_running_statistics_row_by_row_and_leaves_them_unchanged()
    {
        var layer = Layer(3, 40);
        for (var k = 0; k < 5; k++) layer.Forward(RandomMatrix.Uniform(6, 3, 50 + k, -1, 4));
        var mean = layer.RunningMean.Clone();
        var variance = layer.RunningVariance.Clone();

        layer.Training = false;
        var x = RandomMatrix.Uniform(4, 3, 60, -1, 4);
        var y = layer.Forward(x);

        var expected = Matrix<double>.Build.Dense(4, 3, (i, j) =>
            layer.Gamma.Data.At(0, j) * (x.At(i, j) - mean.At(0, j)) / Math.Sqrt(variance.At(0, j) + Epsilon) + layer.Beta.Data.At(0, j));
        Loops.Near(expected, y, 1e-13, "inference output");
        Assert.Equal(0.0, RandomMatrix.MaxAbsDifference(mean, layer.RunningMean));
        Assert.Equal(0.0, RandomMatrix.MaxAbsDifference(variance, layer.RunningVariance));

        // One sample alone gives the same row as inside the batch: at inference no sample depends on the others.
        Loops.Near(expected.SubMatrix(2, 1, 0, 3), layer.Forward(x.SubMatrix(2, 1, 0, 3)), 1e-13, "one sample at inference");
    }

    [Fact]
    public void Inference_backward_agrees_with_central_differences()
    {
        var layer = Layer(4, 70);
        layer.Forward(RandomMatrix.Uniform(5, 4, 71, -2, 2));
        layer.Training = false;
        var x = RandomMatrix.Uniform(3, 4, 72);
        var g = RandomMatrix.Uniform(3, 4, 73);
        double F() => layer.Forward(x).PointwiseMultiply(g).Enumerate().Sum();
        var numericalX = NumericalGradient.Of(F, x);
        var numericalGamma = NumericalGradient.Of(F, layer.Gamma.Data);
        var numericalBeta = NumericalGradient.Of(F, layer.Beta.Data);

        layer.Forward(x);
        var dx = layer.Backward(g);

        Assert.True(GradientCheck.Compare("x", numericalX, dx).RelativeError < 1e-7);
        Assert.True(GradientCheck.Compare("gamma", numericalGamma, layer.DGamma!).RelativeError < 1e-7);
        Assert.True(GradientCheck.Compare("beta", numericalBeta, layer.DBeta!).RelativeError < 1e-7);
    }

    [Fact]
    public void Backward_uses_the_mode_of_the_last_forward_not_the_current_flag()
    {
        var layer = Layer(2, 80);
        var x = RandomMatrix.Uniform(4, 2, 81);
        var g = RandomMatrix.Uniform(4, 2, 82);
        layer.Forward(x);
        var expected = NodeByNode(x, layer.Gamma.Data, layer.Beta.Data, g).Dx;
        layer.Training = false;  // switched after Forward: Backward must still differentiate the training forward
        Loops.Near(expected, layer.Backward(g), 1e-12, "dx");
    }

    [Fact]
    public void A_training_batch_of_one_is_refused_naming_the_layer_and_the_shape()
    {
        var layer = new BatchNormalization(3, "BatchNorm2");
        var ex = Assert.Throws<ArgumentException>(() => layer.Forward(Matrix<double>.Build.Dense(1, 3, 1.0)));
        Assert.StartsWith("BatchNormalization 'BatchNorm2'.Forward: input is 1×3, a batch of one sample", ex.Message);
        Assert.Contains("at least 2", ex.Message);
        Assert.Equal(0.0, layer.RunningMean.Enumerate().Sum(Math.Abs));  // refused before touching the running statistics

        layer.Training = false;
        Assert.Equal(3, layer.Forward(Matrix<double>.Build.Dense(1, 3, 1.0)).ColumnCount);  // inference: one sample is fine
    }

    [Fact]
    public void Forward_with_the_wrong_number_of_features_names_the_layer_and_both_shapes()
    {
        var layer = new BatchNormalization(3, "BatchNorm1");
        var ex = Assert.Throws<ShapeMismatchException>(() => layer.Forward(Matrix<double>.Build.Dense(4, 5)));
        Assert.Equal("BatchNormalization 'BatchNorm1'.Forward: input is 4×5 but γ is 1×3 (one input column per feature).", ex.Message);
    }

    [Fact]
    public void Construction_rejects_mismatched_gamma_and_beta_and_bad_settings()
    {
        var ex = Assert.Throws<ShapeMismatchException>(() => new BatchNormalization(
            new Parameter("gamma", Matrix<double>.Build.Dense(1, 3)), new Parameter("beta", Matrix<double>.Build.Dense(1, 2)), name: "BN"));
        Assert.Contains("'BN'", ex.Message);
        Assert.Contains("1×3", ex.Message);
        Assert.Contains("1×2", ex.Message);
        var gamma = new Parameter("gamma", Matrix<double>.Build.Dense(1, 2));
        var beta = new Parameter("beta", Matrix<double>.Build.Dense(1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchNormalization(gamma, beta, momentum: 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchNormalization(gamma, beta, epsilon: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchNormalization(0));
    }

    [Fact]
    public void Backward_keeps_the_layer_contract()
    {
        var layer = new BatchNormalization(4, "BatchNorm1");
        var before = Assert.Throws<InvalidOperationException>(() => layer.Backward(Matrix<double>.Build.Dense(3, 4)));
        Assert.Contains("'BatchNorm1'", before.Message);

        layer.Forward(RandomMatrix.Uniform(3, 4, 1));
        var wrong = Assert.Throws<ShapeMismatchException>(() => layer.Backward(Matrix<double>.Build.Dense(2, 4)));
        Assert.Contains("BatchNormalization 'BatchNorm1'.Backward", wrong.Message);

        var dout = RandomMatrix.Uniform(3, 4, 2);
        var copy = dout.Clone();
        var dx = layer.Backward(dout);
        Assert.Equal(0.0, RandomMatrix.MaxAbsDifference(copy, dout));
        Assert.NotSame(dout, dx);
        Assert.Throws<ArgumentException>(() => layer.Forward(Matrix<double>.Build.Dense(0, 4)));
    }

    private sealed record Graph(Matrix<double> Y, Matrix<double> Dx, Matrix<double> DGamma, Matrix<double> DBeta);

    /// <summary>
    /// The batch-norm graph node by node with loops, forward then backward, each node's local derivative times the gradient
    /// arriving at it; where a value feeds several nodes (μ, σ², 1/σ feed every row; x − μ feeds both x̂ and the variance)
    /// the gradients from its branches are added. Nothing here shares code with the layer.
    /// </summary>
    private static Graph NodeByNode(Matrix<double> x, Matrix<double> gamma, Matrix<double> beta, Matrix<double> dy)
    {
        int n = x.RowCount, d = x.ColumnCount;
        var y = Matrix<double>.Build.Dense(n, d);
        var dx = Matrix<double>.Build.Dense(n, d);
        var dGamma = Matrix<double>.Build.Dense(1, d);
        var dBeta = Matrix<double>.Build.Dense(1, d);
        for (var j = 0; j < d; j++)
        {
            // forward
            var mu = 0.0;
            for (var i = 0; i < n; i++) mu += x.At(i, j) / n;                 // μ = (1/N)Σx
            var xc = new double[n];
            for (var i = 0; i < n; i++) xc[i] = x.At(i, j) - mu;             // xc = x − μ
            var variance = 0.0;
            for (var i = 0; i < n; i++) variance += xc[i] * xc[i] / n;       // σ² = (1/N)Σxc²
            var std = Math.Sqrt(variance + Epsilon);                          // s = √(σ² + ε)
            var inv = 1 / std;                                                // r = 1/s
            var xHat = new double[n];
            for (var i = 0; i < n; i++) xHat[i] = xc[i] * inv;               // x̂ = xc·r
            for (var i = 0; i < n; i++) y.At(i, j, gamma.At(0, j) * xHat[i] + beta.At(0, j));

            // backward, node by node in reverse
            double db = 0, dg = 0, dInv = 0;
            var dXc = new double[n];
            for (var i = 0; i < n; i++)
            {
                db += dy.At(i, j);                                            // y = … + β: β feeds every row
                dg += dy.At(i, j) * xHat[i];                                  // y = γ·x̂ + …: γ feeds every row
                var dXHat = dy.At(i, j) * gamma.At(0, j);
                dInv += dXHat * xc[i];                                        // x̂ = xc·r: r feeds every row
                dXc[i] = dXHat * inv;                                         // … and xc's first branch
            }
            var dStd = dInv * (-1 / (std * std));                             // r = 1/s
            var dVariance = dStd * 0.5 / std;                                 // s = √(σ² + ε)
            for (var i = 0; i < n; i++) dXc[i] += dVariance / n * 2 * xc[i]; // σ² = (1/N)Σxc²: xc's second branch
            var dMu = 0.0;
            for (var i = 0; i < n; i++) dMu -= dXc[i];                        // xc = x − μ: μ feeds every row
            for (var i = 0; i < n; i++) dx.At(i, j, dXc[i] + dMu / n);        // x feeds xc directly and μ = (1/N)Σx
            dGamma.At(0, j, dg);
            dBeta.At(0, j, db);
        }
        return new Graph(y, dx, dGamma, dBeta);
    }
}
