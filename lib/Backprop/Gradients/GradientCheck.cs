using Backprop.Errors;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Gradients;

/// <summary>
/// Compares backprop gradients with numerical ones, parameter by parameter, and judges them the way the field does
/// (CS231n, "Gradient checks"): by the <b>relative error</b> of each element, |a − n| / max(1e-8, |a| + |n|), which does not
/// depend on the gradient's size, and its largest value over the parameter.
/// <para>
/// Thresholds. CS231n: about 1e-7 or less is right, up to 1e-4 can be right where the function has kinks, 1e-2 or more is
/// probably a bug. Measured with the library's h = 1e-4: lessons 3 and 4's Relu, Sigmoid and Affine layers 1e-12…1e-9;
/// the book's 784-50-10 network on three digits up to 8e-7 (the cross-entropy's 1e-7 inside the log shifts the loss's
/// derivative by ε/y relative, lesson 6), 4e-9 or less without it; every planted bug (a batch-wide softmax, a transposed dW)
/// 0.5 or more. So <see cref="OkBelow"/> = 1e-5 and <see cref="BugFrom"/> = 1e-2, suspicious between.
/// </para>
/// <para>
/// Kinks. The central difference evaluates f at x ± h; a ReLU input within h of 0 puts the two points on either side of its
/// kink, and that element's numerical gradient is off (by up to half the jump). The check cannot see the inputs, so it
/// counts the elements off (<see cref="GradientCheckEntry.EntriesOff"/>): a kink spoils one or a few, a bug many.
/// </para>
/// </summary>
public static class GradientCheck
{
    /// <summary>A largest relative error below this is <see cref="GradientVerdict.Ok"/>.</summary>
    public const double OkBelow = 1e-5;

    /// <summary>A largest relative error at or above this is <see cref="GradientVerdict.Bug"/>.</summary>
    public const double BugFrom = 1e-2;

    /// <summary>The floor of the relative error's denominator (CS231n's): two gradients below it are compared absolutely.</summary>
    public const double Floor = 1e-8;

    /// <summary>The verdict for a parameter's largest relative error.</summary>
    public static GradientVerdict Judge(double relativeError) =>
        double.IsNaN(relativeError) || relativeError >= BugFrom ? GradientVerdict.Bug
        : relativeError < OkBelow ? GradientVerdict.Ok
        : GradientVerdict.Suspicious;

    /// <summary>The relative error of one element: |a − n| / max(1e-8, |a| + |n|); 0 when both are 0, NaN if either is.</summary>
    public static double RelativeError(double backprop, double numerical) =>
        Math.Abs(backprop - numerical) / Math.Max(Floor, Math.Abs(backprop) + Math.Abs(numerical));

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
        var worst = 0.0;
        var off = 0;
        for (var i = 0; i < numerical.RowCount; i++)
            for (var j = 0; j < numerical.ColumnCount; j++)
            {
                var d = Math.Abs(numerical.At(i, j) - backprop.At(i, j));
                sum += d;
                // NaN must win, or a NaN gradient would hide behind a max of 0.
                if (d > max || double.IsNaN(d)) max = d;
                var relative = RelativeError(backprop.At(i, j), numerical.At(i, j));
                if (relative > worst || double.IsNaN(relative)) worst = relative;
                if (!(relative < OkBelow)) off++;
            }
        var count = numerical.RowCount * numerical.ColumnCount;
        return new GradientCheckEntry(name, numerical.RowCount, numerical.ColumnCount, worst, off, count == 0 ? 0 : sum / count, max);
    }
}
