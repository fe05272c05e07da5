using System.Reflection;
using Backprop.Errors;
using Backprop.Functions;
using Backprop.Gradients;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Gradients;

public class GradientCheckTests
{
    [Fact]
    public void Numerical_gradient_of_a_quadratic_is_exact_and_restores_every_element()
    {
        var x = RandomMatrix.Uniform(3, 4, 1);
        var before = x.Clone();
        // f = Σ x², f' = 2x; the central difference is exact for quadratics up to rounding.
        var grad = NumericalGradient.Of(() => x.Enumerate().Sum(v => v * v), x);
        Assert.InRange(RandomMatrix.MaxAbsDifference(2.0 * before, grad), 0, 1e-10);
        Assert.Equal(0.0, RandomMatrix.MaxAbsDifference(before, x));
    }

    [Fact]
    public void Numerical_gradient_restores_the_element_even_when_the_loss_throws()
    {
        var x = Matrix<double>.Build.Dense(1, 2, 0.5);
        Assert.Throws<InvalidOperationException>(() => NumericalGradient.Of(() => throw new InvalidOperationException("boom"), x));
        Assert.Equal(new[] { 0.5, 0.5 }, x.Row(0).ToArray());
    }

    [Theory]
    [InlineData(1e-13, GradientVerdict.Ok)]
    [InlineData(9.9e-6, GradientVerdict.Ok)]
    [InlineData(1e-5, GradientVerdict.Suspicious)]
    [InlineData(9.9e-3, GradientVerdict.Suspicious)]
    [InlineData(1e-2, GradientVerdict.Bug)]
    [InlineData(0.3, GradientVerdict.Bug)]
    [InlineData(double.NaN, GradientVerdict.Bug)]
    public void Verdict_on_the_relative_error_is_ok_below_1e_5_bug_from_1e_2_and_suspicious_between(double relativeError, GradientVerdict expected)
    {
        Assert.Equal(expected, GradientCheck.Judge(relativeError));
    }

    [Theory]
    [InlineData(2.5, 2.0, 0.5 / 4.5)]          // |a − n| / (|a| + |n|)
    [InlineData(-1.0, 1.0, 1.0)]               // opposite signs: the largest possible
    [InlineData(0.0, 0.0, 0.0)]                // both zero: they agree
    [InlineData(0.0, 1e-12, 1e-12 / 1e-8)]     // both below the floor 1e-8: compared against 1e-8
    [InlineData(3e-9, 1e-9, 2e-9 / 1e-8)]
    public void Relative_error_of_one_element_is_the_CS231n_formula(double backprop, double numerical, double expected)
    {
        Assert.Equal(expected, GradientCheck.RelativeError(backprop, numerical), 1e-15);
    }

    [Fact]
    public void Report_lists_name_shape_relative_error_entries_off_and_differences_per_parameter()
    {
        var numerical = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 2.0 }, { 3.0, 4.0 } });
        var backprop = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 2.5 }, { 3.0, 3.0 } });
        var report = GradientCheck.Compare(
            new Dictionary<string, Matrix<double>> { ["W"] = numerical, ["b"] = numerical.SubMatrix(0, 1, 0, 2) },
            new Dictionary<string, Matrix<double>> { ["W"] = backprop, ["b"] = numerical.SubMatrix(0, 1, 0, 2) });

        Assert.Equal(["W", "b"], report.Entries.Select(e => e.Name));
        Assert.Equal("2×2", report["W"].Shape);
        // Element by element: 0, 0.5/4.5, 0, 1/7; the largest is 1/7, and two elements are off.
        Assert.Equal(1.0 / 7, report["W"].RelativeError, 1e-15);
        Assert.Equal(2, report["W"].EntriesOff);
        Assert.Equal(1.5 / 4, report["W"].MeanAbsoluteDifference, 1e-15);
        Assert.Equal(1.0, report["W"].MaxAbsoluteDifference, 1e-15);
        Assert.Equal(GradientVerdict.Bug, report["W"].Verdict);
        Assert.Equal(0.0, report["b"].RelativeError);
        Assert.Equal(GradientVerdict.Ok, report["b"].Verdict);
        Assert.False(report.AllOk);
    }

    [Fact]
    public void Relative_error_does_not_depend_on_the_gradients_scale_while_the_mean_difference_does()
    {
        var numerical = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, -2.0, 0.5 } });
        var backprop = Matrix<double>.Build.DenseOfArray(new[,] { { 1.001, -2.0, 0.5 } });
        var small = GradientCheck.Compare("g", numerical, backprop);
        var large = GradientCheck.Compare("g", 1e6 * numerical, 1e6 * backprop);
        Assert.Equal(0.001 / 2.001, small.RelativeError, 1e-12);
        Assert.Equal(small.RelativeError, large.RelativeError, 1e-12);
        Assert.Equal(1e6 * small.MeanAbsoluteDifference, large.MeanAbsoluteDifference, 1e-6);
        Assert.Equal(GradientVerdict.Suspicious, large.Verdict);
    }

    [Fact]
    public void A_relu_input_within_h_of_its_kink_spoils_that_one_entry_and_the_report_counts_it()
    {
        // f(x) = Σ max(0, x). At x = 5e-5 < h = 1e-4 the central difference straddles the kink:
        // (max(0, 1.5e-4) − max(0, −5e-5)) / 2e-4 = 0.75 against the backward pass's 1, a relative error of 0.25/1.75 = 1/7.
        var x = Matrix<double>.Build.DenseOfArray(new[,] { { 5e-5, 1.0, -1.0, 2.0 } });
        var numerical = NumericalGradient.Of(m => m.Enumerate().Sum(v => Math.Max(0, v)), x);
        var backprop = x.Map(v => v > 0 ? 1.0 : 0.0);
        var entry = GradientCheck.Compare("x", numerical, backprop);
        Assert.Equal(1.0 / 7, entry.RelativeError, 1e-9);
        Assert.Equal(1, entry.EntriesOff);
        Assert.Equal(4, entry.Count);
    }

    [Fact]
    public void Report_text_is_an_aligned_table_and_html_is_a_table_with_the_same_rows()
    {
        var z = Matrix<double>.Build.Dense(2, 3);
        var report = GradientCheck.Compare(
            new Dictionary<string, Matrix<double>> { ["W1"] = z + 1, ["b1"] = z + 1 },
            new Dictionary<string, Matrix<double>> { ["W1"] = z + 1, ["b1"] = z + 1.0001 });

        var lines = report.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("parameter", lines[0]);
        Assert.Contains("relative error", lines[0]);
        Assert.EndsWith("ok", lines[1]);
        Assert.Contains("0 of 6", lines[1]);
        // 1e-4 / 2.0001 ≈ 5.0e-5 in all six elements: suspicious, six entries off.
        Assert.Contains("5.00e-05", lines[2]);
        Assert.Contains("6 of 6", lines[2]);
        Assert.Contains("suspicious", lines[2]);
        // Aligned: the shape column starts at the same character in every line.
        Assert.Equal(lines[0].IndexOf("shape", StringComparison.Ordinal), lines[1].IndexOf("2×3", StringComparison.Ordinal));

        var html = report.ToHtml();
        Assert.StartsWith("<table", html);
        Assert.Equal(3, html.Split("<tr>").Length - 1);
        Assert.Contains("W1", html);
    }

    [Fact]
    public void Report_carries_the_type_formatter_source_attribute_for_notebooks()
    {
        var attribute = typeof(GradientCheckReport).GetCustomAttributes()
            .Single(a => a.GetType().Name == "TypeFormatterSourceAttribute");
        var mimeTypes = (string[])attribute.GetType().GetProperty("PreferredMimeTypes")!.GetValue(attribute)!;
        Assert.Equal(["text/html"], mimeTypes);
        Assert.True(typeof(Backprop.Formatting.IHtmlFormattable).IsAssignableFrom(typeof(GradientCheckReport)));
    }

    [Fact]
    public void Compare_rejects_gradients_of_different_shapes_naming_the_parameter()
    {
        var ex = Assert.Throws<ShapeMismatchException>(() => GradientCheck.Compare("W1", Matrix<double>.Build.Dense(2, 3), Matrix<double>.Build.Dense(3, 2)));
        Assert.Contains("W1", ex.Message);
        Assert.Contains("2×3", ex.Message);
        Assert.Contains("3×2", ex.Message);
    }

    /// <summary>
    /// The check must be able to fail. The classic bug is NumPy's softmax without axis=1: one maximum and one
    /// sum for the whole batch. Its "probabilities" no longer sum to 1 per row, so the backward formula
    /// (y − t)/N is not the gradient of the loss it computed, and the check reports it.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Gradient_check_flags_the_single_max_softmax_bug(int seed)
    {
        var scores = RandomMatrix.Uniform(3, 10, seed, -1, 1);
        var labels = RandomMatrix.Labels(3, 10, seed);
        double BuggyLoss() => Losses.CrossEntropy(WholeBatchSoftmax(scores), labels);

        var numerical = NumericalGradient.Of(BuggyLoss, scores);
        var buggyBackward = (WholeBatchSoftmax(scores) - Labels.OneHot(labels, 10)) / 3.0;
        var entry = GradientCheck.Compare("scores", numerical, buggyBackward);

        Assert.Equal(GradientVerdict.Bug, entry.Verdict);
        Assert.InRange(entry.RelativeError, GradientCheck.BugFrom, double.MaxValue);

        // The same check passes for the correct, row-wise softmax: the difference is the bug, not the check.
        double RightLoss() => Losses.CrossEntropy(Activations.Softmax(scores), labels);
        var right = GradientCheck.Compare("scores", NumericalGradient.Of(RightLoss, scores),
            (Activations.Softmax(scores) - Labels.OneHot(labels, 10)) / 3.0);
        Assert.Equal(GradientVerdict.Ok, right.Verdict);
    }

    [Fact]
    public void Single_max_softmax_turns_rows_far_below_the_batch_maximum_into_nan()
    {
        // With only the maximum taken over the whole batch, a row 1000 below it underflows to 0/0.
        var scores = Matrix<double>.Build.DenseOfArray(new[,] { { 1000.0, 999.0 }, { 0.0, 1.0 } });
        var max = scores.Enumerate().Max();
        var exp = scores.Map(v => Math.Exp(v - max));
        var buggy = Matrix<double>.Build.Dense(2, 2, (i, j) => exp[i, j] / exp.Row(i).Sum());
        Assert.True(double.IsNaN(buggy[1, 0]));
        Assert.All(Activations.Softmax(scores).Enumerate(), v => Assert.True(double.IsFinite(v)));
        Assert.Equal(GradientVerdict.Bug, GradientCheck.Judge(buggy.Enumerate().Average()));
    }

    // The bug under test: np.exp(x - np.max(x)) / np.sum(np.exp(x - np.max(x))) applied to a whole batch.
    private static Matrix<double> WholeBatchSoftmax(Matrix<double> scores)
    {
        var max = scores.Enumerate().Max();
        var exp = scores.Map(v => Math.Exp(v - max));
        return exp / exp.Enumerate().Sum();
    }
}
