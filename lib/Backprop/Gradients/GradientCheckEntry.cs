namespace Backprop.Gradients;

/// <summary>One row of a <see cref="GradientCheckReport"/>: a parameter and how far its two gradients differ.</summary>
/// <param name="Name">The parameter's name, e.g. "W1".</param>
/// <param name="Rows">Rows of the parameter.</param>
/// <param name="Columns">Columns of the parameter.</param>
/// <param name="RelativeError">
/// The largest relative error over the elements, |a − n| / max(1e-8, |a| + |n|) for backprop a and numerical n (CS231n);
/// the verdict is judged on it.
/// </param>
/// <param name="EntriesOff">How many elements have a relative error of <see cref="GradientCheck.OkBelow"/> or more: one or
/// a few point to a kink, many to a bug.</param>
/// <param name="MeanAbsoluteDifference">Mean over elements of |numerical − backprop| (the book's measure; it grows with the
/// gradient's size, so it is shown, not judged).</param>
/// <param name="MaxAbsoluteDifference">Largest |numerical − backprop|.</param>
public sealed record GradientCheckEntry(
    string Name, int Rows, int Columns, double RelativeError, int EntriesOff, double MeanAbsoluteDifference, double MaxAbsoluteDifference)
{
    /// <summary>
    /// Ok below 1e-5, Bug at 1e-2 or more, Suspicious in between (judged on <see cref="RelativeError"/>; see
    /// <see cref="GradientCheck.Judge"/>).
    /// </summary>
    public GradientVerdict Verdict => GradientCheck.Judge(RelativeError);

    /// <summary>"rows×columns".</summary>
    public string Shape => $"{Rows}×{Columns}";

    /// <summary>Number of elements, rows × columns.</summary>
    public int Count => Rows * Columns;
}
