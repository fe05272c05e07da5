using Backprop.Errors;
using Backprop.Gradients;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Gradients;

public class StepComparisonTests
{
    private static Matrix<double> M(params double[][] rows) => Matrix<double>.Build.DenseOfRowArrays(rows);

    [Fact]
    public void Equal_matrices_are_exact_and_close_with_no_difference()
    {
        var c = StepComparison.Of("s", M([1.5, -2], [0, 3]), M([1.5, -2], [0, 3]));
        Assert.Equal(new StepComparison("s", true, true, 0), c);
    }

    [Fact]
    public void A_difference_inside_numpys_allclose_tolerance_is_close_but_not_exact()
    {
        // allclose(a, b): |a − b| ≤ 1e-8 + 1e-5·|b|; for b = 100 that is 1.00000001e-3.
        var c = StepComparison.Of("s", M([100.0009, 1]), M([100, 1]));
        Assert.False(c.Exact);
        Assert.True(c.Close);
        Assert.Equal(0.0009, c.LargestDifference, 1e-12);
    }

    [Fact]
    public void A_difference_beyond_the_tolerance_is_not_close_and_the_largest_is_reported()
    {
        var c = StepComparison.Of("s", M([100.002, 1], [0, 2.5]), M([100, 1], [0, -0.5]));
        Assert.False(c.Close);
        Assert.Equal(3.0, c.LargestDifference, 12);
    }

    [Fact]
    public void A_NaN_is_neither_exact_nor_close_and_its_difference_is_NaN()
    {
        var c = StepComparison.Of("s", M([double.NaN, 1]), M([0.0, 1]));
        Assert.False(c.Exact);
        Assert.False(c.Close);
        Assert.True(double.IsNaN(c.LargestDifference));
    }

    [Fact]
    public void Different_shapes_are_refused_naming_the_step_and_both_shapes()
    {
        var e = Assert.Throws<ShapeMismatchException>(() => StepComparison.Of("variance", M([1, 2]), M([1], [2])));
        Assert.Contains("'variance'", e.Message);
        Assert.Contains("1×2", e.Message);
        Assert.Contains("2×1", e.Message);
    }

    [Fact]
    public void Prints_the_step_the_verdicts_and_the_largest_difference()
    {
        Assert.Equal("logits         exact: False  close: True   largest difference: 9.0e-04",
            StepComparison.Of("logits", M([100.0009]), M([100])).ToString());
    }
}
