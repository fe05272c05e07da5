using Backprop.Data;
using Backprop.Errors;
using Backprop.Networks;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Networks;

public class SineRegressionNetTests
{
    [Fact]
    public void Sine_data_is_x_from_0_to_0_99_and_y_twenty_sine_two_pi_x()
    {
        var (x, y) = SineData.Create();
        Assert.Equal(100, x.RowCount);
        Assert.Equal(1, x.ColumnCount);
        Assert.Equal(0.0, x[0, 0]);
        Assert.Equal(0.99, x[99, 0], 1e-15);
        Assert.Equal(20.0, y[25, 0], 1e-12);   // sin(π/2)
        Assert.Equal(-20.0, y[75, 0], 1e-12);  // sin(3π/2)
    }

    [Fact]
    public void Shapes_are_samples_by_features_with_25_hidden_units()
    {
        var net = new SineRegressionNet();
        Assert.Equal((1, 25), (net.W1.Data.RowCount, net.W1.Data.ColumnCount));
        Assert.Equal((25, 1), (net.W2.Data.RowCount, net.W2.Data.ColumnCount));
        Assert.All(net.W1.Data.Enumerate().Concat(net.W2.Data.Enumerate()), v => Assert.InRange(v, 0.0, 1.0 - 1e-300));
        var (x, _) = SineData.Create();
        Assert.Equal(100, net.Predict(x).RowCount);
    }

    [Fact]
    public void Backprop_gradient_of_the_sine_net_agrees_with_the_numerical_gradient()
    {
        var (x, y) = SineData.Create();
        var report = new SineRegressionNet(seed: 1).CheckGradient(x, y);
        Assert.All(report.Entries, e => Assert.InRange(e.MeanAbsoluteDifference, 0, 1e-6));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void Its_loss_and_gradients_are_lesson_6s_formulas_in_the_transposed_features_by_samples_layout(int seed)
    {
        var (x, y) = SineData.Create();
        var net = new SineRegressionNet(seed: seed);
        net.Train(x, y, iterations: 50);   // away from the start, so that no gradient is trivially small
        var grads = net.Gradient(x, y);

        // One sample per column, as the hand-written example: X, Y 1×N; W1, b1 25×1; W2 1×25; b2 1×1.
        Matrix<double> X = x.Transpose(), Y = y.Transpose();
        Matrix<double> W1 = net.W1.Data.Transpose(), b1 = net.B1.Data.Transpose(), W2 = net.W2.Data.Transpose(), b2 = net.B2.Data.Transpose();
        var ones = Matrix<double>.Build.Dense(1, X.ColumnCount, 1.0);
        var H = (W1 * X + b1 * ones).Map(z => 1.0 / (1.0 + Math.Exp(-z)));
        var Yhat = W2 * H + b2 * ones;
        var dYhat = (Yhat - Y) / X.ColumnCount;
        var dZ = (W2.Transpose() * dYhat).PointwiseMultiply(H).PointwiseMultiply(1.0 - H);

        Assert.Equal((Yhat - Y).Enumerate().Sum(d => d * d) / (2.0 * X.ColumnCount), net.Loss(x, y), 1e-10);
        static double Gap(Matrix<double> hand, Matrix<double> layers) => (hand - layers.Transpose()).Enumerate().Max(Math.Abs);
        Assert.InRange(Gap(dYhat * H.Transpose(), grads["W2"]), 0, 1e-10);
        Assert.InRange(Gap(dYhat.RowSums().ToColumnMatrix(), grads["b2"]), 0, 1e-10);
        Assert.InRange(Gap(dZ * X.Transpose(), grads["W1"]), 0, 1e-10);
        Assert.InRange(Gap(dZ.RowSums().ToColumnMatrix(), grads["b1"]), 0, 1e-10);
        // Not vacuous: the gradients are far from zero, and a forgotten σ′ would be far off.
        Assert.True(grads["W1"].Enumerate().Max(Math.Abs) > 1e-3);
        Assert.True(Gap((W2.Transpose() * dYhat) * X.Transpose(), grads["W1"]) > 1e-3);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Training_4000_iterations_at_lr_0_3_brings_the_loss_far_below_its_start(int seed)
    {
        var (x, y) = SineData.Create();
        var net = new SineRegressionNet(seed: seed);
        var reported = new List<(int Iteration, double Loss)>();

        var history = net.Train(x, y, iterations: 4000, learningRate: 0.3, progress: (i, l) => reported.Add((i, l)));

        Assert.Equal(4000, history.Count);
        var start = history[0];
        var final = net.Loss(x, y);
        TestContext.Current.TestOutputHelper?.WriteLine($"seed {seed}: loss {start:0.000} → {final:0.0000}");
        // Measured: start 120–136, after 4000 iterations 0.154 (seed 0), 0.069 (seed 1), 0.022 (seed 2).
        // The bound 0.5 leaves a margin of 3× over the worst seed; a sign error or a lost update leaves
        // the loss near its start (½·mean(y²) = 100 for y = 20·sin alone).
        Assert.InRange(start, 50, 500);
        Assert.InRange(final, 0, 0.5);
        Assert.True(final < start / 100, $"loss only fell from {start} to {final}");
        Assert.Equal(41, reported.Count);  // every 100 iterations (0, 100, …, 3900) and the last one
        Assert.Equal(3999, reported[^1].Iteration);
    }

    [Fact]
    public void A_learning_rate_that_blows_up_the_loss_is_reported_with_its_iteration()
    {
        var (x, y) = SineData.Create();
        var ex = Assert.Throws<NonFiniteLossException>(() => new SineRegressionNet().Train(x, y, iterations: 200, learningRate: 1e6));
        Assert.Contains("iteration", ex.Message);
        Assert.Contains("SineRegressionNet", ex.Message);
    }
}
