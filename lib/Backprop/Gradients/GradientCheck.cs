using Backprop.Errors;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Gradients;

/// <summary>Compares backprop gradients with numerical ones, parameter by parameter.</summary>
public static class GradientCheck
{
    /// <summary>Mean differences below this are <see cref="GradientVerdict.Ok"/>.</summary>
    public const double OkBelow = 1e-5;

    /// <summary>Mean differences at or above this are <see cref="GradientVerdict.Bug"/>.</summary>
    public const double BugFrom = 1e-3;

    /// <summary>The verdict for a mean absolute difference.</summary>
    public static GradientVerdict Judge(double meanAbsoluteDifference) =>
        double.IsNaN(meanAbsoluteDifference) || meanAbsoluteDifference >= BugFrom ? GradientVerdict.Bug
        : meanAbsoluteDifference < OkBelow ? GradientVerdict.Ok
        : GradientVerdict.Suspicious;

    /// <summary>
    /// A report with one entry per name in <paramref name="numerical"/>, in its order; each must have a
    /// backprop gradient of the same shape in <paramref name="backprop"/>.
    /// </summary>
    public static GradientCheckReport Compare(
        IReadOnlyDictionary<string, Matrix<double>> numerical,
        IReadOnlyDictionary<string, Matrix<double>> backprop)
    {
        ArgumentNullException.ThrowIfNull(numerical);
        ArgumentNullException.ThrowIfNull(backprop);
        var entries = new List<GradientCheckEntry>();
        foreach (var (name, num) in numerical)
        {
            if (!backprop.TryGetValue(name, out var bp))
                throw new ArgumentException($"GradientCheck: there is a numerical gradient for '{name}' but no backprop gradient.", nameof(backprop));
            entries.Add(Compare(name, num, bp));
        }
        return new GradientCheckReport(entries);
    }

    /// <summary>The entry for one parameter.</summary>
    public static GradientCheckEntry Compare(string name, Matrix<double> numerical, Matrix<double> backprop)
    {
        ArgumentNullException.ThrowIfNull(numerical);
        ArgumentNullException.ThrowIfNull(backprop);
        if (!Errors.Shape.Same(numerical, backprop))
            throw new ShapeMismatchException(
                $"GradientCheck '{name}': numerical gradient is {Errors.Shape.Of(numerical)} but backprop gradient is {Errors.Shape.Of(backprop)}.");
        var sum = 0.0;
        var max = 0.0;
        for (var i = 0; i < numerical.RowCount; i++)
            for (var j = 0; j < numerical.ColumnCount; j++)
            {
                var d = Math.Abs(numerical.At(i, j) - backprop.At(i, j));
                sum += d;
                // NaN must win, or a NaN gradient would hide behind a max of 0.
                if (d > max || double.IsNaN(d)) max = d;
            }
        var count = numerical.RowCount * numerical.ColumnCount;
        return new GradientCheckEntry(name, numerical.RowCount, numerical.ColumnCount, count == 0 ? 0 : sum / count, max);
    }
}
