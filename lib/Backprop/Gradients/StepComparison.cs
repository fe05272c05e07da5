using Backprop.Errors;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Gradients;

/// <summary>
/// One step of a hand-written backward pass against a reference gradient (an autograd's), judged as Karpathy's "backprop
/// ninja" judges it against PyTorch: <see cref="Exact"/> (every element equal to the bit), <see cref="Close"/> (NumPy's
/// <c>allclose</c>: every element within 1e-8 + 1e-5·|reference|) and the <see cref="LargestDifference"/>.
/// </summary>
/// <param name="Step">The step's name, e.g. "logits".</param>
/// <param name="Exact">Every element equal to the reference's.</param>
/// <param name="Close">Every element within <see cref="Absolute"/> + <see cref="Relative"/>·|reference|.</param>
/// <param name="LargestDifference">The largest |by hand − reference| over the elements.</param>
public sealed record StepComparison(string Step, bool Exact, bool Close, double LargestDifference)
{
    /// <summary>NumPy's and PyTorch's default <c>atol</c>.</summary>
    public const double Absolute = 1e-8;

    /// <summary>NumPy's and PyTorch's default <c>rtol</c>.</summary>
    public const double Relative = 1e-5;

    /// <summary>Compares <paramref name="byHand"/> with <paramref name="reference"/>, which must have its shape.</summary>
    /// <exception cref="ShapeMismatchException">The two gradients differ in shape.</exception>
    public static StepComparison Of(string step, Matrix<double> byHand, Matrix<double> reference)
    {
        ArgumentNullException.ThrowIfNull(byHand);
        ArgumentNullException.ThrowIfNull(reference);
        if (!Shape.Same(byHand, reference))
            throw new ShapeMismatchException(
                $"StepComparison '{step}': the hand-written gradient is {Shape.Of(byHand)} but the reference is {Shape.Of(reference)} (a gradient has its tensor's shape).");
        bool exact = true, close = true;
        var largest = 0.0;
        for (var i = 0; i < reference.RowCount; i++)
            for (var j = 0; j < reference.ColumnCount; j++)
            {
                double h = byHand.At(i, j), r = reference.At(i, j);
                var difference = Math.Abs(h - r);
                exact &= h.Equals(r);
                close &= difference <= Absolute + Relative * Math.Abs(r);
                largest = double.IsNaN(difference) ? double.NaN : Math.Max(largest, difference);
            }
        return new StepComparison(step, exact, close, largest);
    }

    /// <summary>E.g. "logits  exact: True   close: True   largest difference: 0.0e+00".</summary>
    public override string ToString() =>
        $"{Step,-14} exact: {Exact,-5}  close: {Close,-5}  largest difference: {LargestDifference.ToString("0.0e+00", System.Globalization.CultureInfo.InvariantCulture)}";
}
