using Backprop.Layers;
using Backprop.Optimizers;
using Backprop.Training;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Optimizers;

/// <summary>Each update rule against steps computed by hand (or, for two steps, by the formula in Python), in place.</summary>
public class OptimizerStepTests
{
    private static Matrix<double> Row(params double[] values) => Matrix<double>.Build.DenseOfRowArrays(values);

    private static Dictionary<string, Matrix<double>> Grad(string name, params double[] values) => new() { [name] = Row(values) };

    private static void Near(double[] expected, Matrix<double> actual, double tolerance = 1e-12)
    {
        Assert.Equal(expected.Length, actual.ColumnCount);
        for (var j = 0; j < expected.Length; j++)
            Assert.True(Math.Abs(expected[j] - actual.At(0, j)) <= tolerance, $"element {j}: expected {expected[j]:R}, got {actual.At(0, j):R}");
    }

    [Fact]
    public void Momentum_first_step_is_minus_lr_times_the_gradient_and_the_second_adds_the_kept_velocity()
    {
        var w = Row(1, -2);
        var p = new Parameter("W", w);
        var momentum = new Momentum(learningRate: 0.1, momentum: 0.9);

        momentum.Update([p], Grad("W", 0.5, 1));
        // v = −0.1·[0.5, 1] = [−0.05, −0.1]; W = [0.95, −2.1]
        Near([-0.05, -0.1], momentum.VelocityOf(p));
        Near([0.95, -2.1], p.Data);

        momentum.Update([p], Grad("W", 0.5, 1));
        // v = 0.9·[−0.05, −0.1] − 0.1·[0.5, 1] = [−0.095, −0.19]; W = [0.855, −2.29]
        Near([-0.095, -0.19], momentum.VelocityOf(p));
        Near([0.855, -2.29], p.Data);
        Assert.Same(w, p.Data);
    }

    [Fact]
    public void AdaGrad_divides_each_step_by_the_root_of_the_summed_squares()
    {
        var w = Row(1, -2);
        var p = new Parameter("W", w);
        var adaGrad = new AdaGrad(learningRate: 0.5);

        adaGrad.Update([p], Grad("W", 0.5, -2));
        // h = [0.25, 4]; step = 0.5·g/(√h + 1e-7) ≈ [0.5, −0.5]
        Near([0.25, 4], adaGrad.SumOfSquaresOf(p));
        Near([0.50000009999998, -1.5000000249999987], p.Data, 1e-14);

        adaGrad.Update([p], Grad("W", 0.5, -2));
        // h = [0.5, 8]; step = 0.5·g/√h = ±0.5/√2 ≈ ±0.353553
        Near([0.1464467594066991, -1.1464466469067245], p.Data, 1e-14);
        Assert.Same(w, p.Data);
    }

    [Fact]
    public void Adam_two_steps_match_the_formula()
    {
        var w = Row(1, -3);
        var p = new Parameter("W", w);
        var adam = new Adam(learningRate: 0.1, beta1: 0.9, beta2: 0.999);

        adam.Update([p], Grad("W", 0.5, -0.02));
        Assert.Equal(1, adam.StepsOf(p));
        Near([0.05, -0.002], adam.FirstMomentOf(p), 1e-15);
        Near([0.00025, 4e-7], adam.SecondMomentOf(p), 1e-15);
        Near([0.900000632451532, -2.900015808888696], p.Data, 1e-13);

        adam.Update([p], Grad("W", 0.5, -0.02));
        Assert.Equal(2, adam.StepsOf(p));
        Near([0.8000010797749725, -2.800026990774232], p.Data, 1e-13);
        Assert.Same(w, p.Data);
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.5)]
    [InlineData(-40.0)]
    public void Adam_bias_correction_makes_every_step_of_a_constant_gradient_about_lr_whatever_its_size(double g)
    {
        // m̂ = g and v̂ = g² at every step when g is constant, so each step is η·g/|g| = η·sign(g) (up to ε).
        // Without the correction the first step would be η·0.1g/(√0.001·|g|) ≈ 3.16η.
        var p = new Parameter("W", Row(0));
        var adam = new Adam(learningRate: 0.01);
        var before = 0.0;
        for (var step = 1; step <= 5; step++)
        {
            adam.Update([p], Grad("W", g));
            var moved = p.Data.At(0, 0) - before;
            Assert.True(Math.Abs(moved + 0.01 * Math.Sign(g)) < 0.01 * 1e-3, $"step {step} moved {moved:R}");
            before = p.Data.At(0, 0);
        }
    }

    [Fact]
    public void State_is_kept_per_parameter_even_when_an_update_touches_only_one()
    {
        var a = new Parameter("a", Row(0));
        var b = new Parameter("b", Row(0));
        var momentum = new Momentum(0.1, 0.9);
        var adam = new Adam(0.1);

        var grads = new Dictionary<string, Matrix<double>> { ["a"] = Row(1), ["b"] = Row(-1) };
        momentum.Update([a, b], grads);
        adam.Update([a, b], grads);
        momentum.Update([a], grads);
        adam.Update([a], grads);

        Near([0.1], momentum.VelocityOf(b));
        Near([-0.19], momentum.VelocityOf(a));
        Assert.Equal(2, adam.StepsOf(a));
        Assert.Equal(1, adam.StepsOf(b));
    }

    public static TheoryData<string> Names => ["SGD", "Momentum", "AdaGrad", "Adam"];

    private static IOptimizer Make(string name) => name switch
    {
        "SGD" => new Sgd(0.1),
        "Momentum" => new Momentum(),
        "AdaGrad" => new AdaGrad(),
        _ => new Adam(),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void A_missing_or_misshaped_gradient_is_named(string name)
    {
        var p = new Parameter("W1", Row(1, 2));
        var optimizer = Make(name);
        Assert.Equal(name, optimizer.Name);
        var missing = Assert.Throws<KeyNotFoundException>(() => optimizer.Update([p], Grad("W2", 1, 2)));
        Assert.Contains("W1", missing.Message);
        if (name != "SGD")
        {
            var shaped = Assert.Throws<Backprop.Errors.ShapeMismatchException>(() => optimizer.Update([p], Grad("W1", 1, 2, 3)));
            Assert.Contains("1×3", shaped.Message);
        }
    }

    [Fact]
    public void Rates_outside_their_range_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Momentum(learningRate: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Momentum(momentum: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdaGrad(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(beta1: -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(beta2: 1));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void On_the_books_function_every_rule_ends_closer_to_the_minimum(string name)
    {
        // f(x, y) = x²/20 + y² from (−7, 2), 30 steps with the book's learning rates for its figure.
        IOptimizer optimizer = name switch
        {
            "SGD" => new Sgd(0.95),
            "Momentum" => new Momentum(0.1),
            "AdaGrad" => new AdaGrad(1.5),
            _ => new Adam(0.3),
        };
        var x = new Parameter("x", Row(-7));
        var y = new Parameter("y", Row(2));
        for (var i = 0; i < 30; i++)
            optimizer.Update([x, y], new Dictionary<string, Matrix<double>> { ["x"] = Row(x.Data.At(0, 0) / 10), ["y"] = Row(2 * y.Data.At(0, 0)) });
        var f = Math.Pow(x.Data.At(0, 0), 2) / 20 + Math.Pow(y.Data.At(0, 0), 2);
        Assert.True(f < 0.2 * (49.0 / 20 + 4), $"{name}: f = {f} after 30 steps");
    }
}
