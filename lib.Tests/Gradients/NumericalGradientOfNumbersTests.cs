using Backprop.Gradients;

namespace Backprop.Tests.Gradients;

/// <summary>The central difference over a few numbers, the reference the scalar exercises' checks compare with.</summary>
public class NumericalGradientOfNumbersTests
{
    [Fact]
    public void Apple_graph_gives_the_books_gradients()
    {
        // price = apple · count · tax at (100, 2, 1.1): ∂/∂apple = count·tax = 2.2, ∂/∂count = apple·tax = 110, ∂/∂tax = apple·count = 200.
        var grad = NumericalGradient.Of(p => p[0] * p[1] * p[2], [100, 2, 1.1]);

        Assert.Equal(3, grad.Length);
        Assert.Equal(2.2, grad[0], 1e-9);
        Assert.Equal(110, grad[1], 1e-9);
        Assert.Equal(200, grad[2], 1e-9);
    }

    [Fact]
    public void Curved_function_matches_its_derivative_by_hand()
    {
        // f(x, y) = x²·y + sin y at (1.5, −0.4): ∂f/∂x = 2xy = −1.2, ∂f/∂y = x² + cos y = 2.25 + cos(−0.4).
        var grad = NumericalGradient.Of(p => p[0] * p[0] * p[1] + Math.Sin(p[1]), [1.5, -0.4]);

        Assert.Equal(-1.2, grad[0], 1e-7);
        Assert.Equal(2.25 + Math.Cos(-0.4), grad[1], 1e-7);
    }

    [Fact]
    public void Difference_is_central_not_one_sided()
    {
        // f = x³ at 1: f′ = 3. Central: 3 + h² = 3.00000001; one-sided (f(1 + h) − f(1)) / h: 3 + 3h = 3.0003.
        var grad = NumericalGradient.Of(p => p[0] * p[0] * p[0], [1.0]);

        Assert.Equal(3.00000001, grad[0], 1e-9);
    }

    [Fact]
    public void Nudges_the_numbers_in_place_one_at_a_time_and_restores_them_exactly()
    {
        double[] x = [0.25, -2.75, 1e5];
        var seen = new List<double[]>();

        NumericalGradient.Of(p => { seen.Add((double[])p.Clone()); return p.Sum(); }, x, h: 0.5);

        Assert.Equal(new[] { 0.25, -2.75, 1e5 }, x);
        Assert.Equal(6, seen.Count);
        Assert.Equal(new[] { 0.75, -2.75, 1e5 }, seen[0]);
        Assert.Equal(new[] { -0.25, -2.75, 1e5 }, seen[1]);
        Assert.Equal(new[] { 0.25, -2.25, 1e5 }, seen[2]);
        Assert.Equal(new[] { 0.25, -2.75, 1e5 - 0.5 }, seen[5]);
    }

    [Fact]
    public void Restores_the_number_even_when_the_function_throws()
    {
        double[] x = [0.5, 0.25];

        Assert.Throws<InvalidOperationException>(() => NumericalGradient.Of(_ => throw new InvalidOperationException("boom"), x));
        Assert.Equal(new[] { 0.5, 0.25 }, x);
    }

    [Fact]
    public void No_numbers_give_no_partial_derivatives()
    {
        Assert.Empty(NumericalGradient.Of(_ => 1.0, []));
    }

    [Fact]
    public void Missing_function_or_point_and_a_step_that_is_not_positive_are_refused_by_name()
    {
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => NumericalGradient.Of((Func<double[], double>)null!, [1.0])).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => NumericalGradient.Of(p => p[0], (double[])null!)).ParamName);
        Assert.Equal("h", Assert.Throws<ArgumentOutOfRangeException>(() => NumericalGradient.Of(p => p[0], [1.0], h: 0)).ParamName);
    }
}
