namespace Backprop.Gradients;

/// <summary>One row of a <see cref="GradientCheckReport"/>: a parameter and how far its two gradients differ.</summary>
/// <param name="Name">The parameter's name, e.g. "W1".</param>
/// <param name="Rows">Rows of the parameter.</param>
/// <param name="Columns">Columns of the parameter.</param>
/// <param name="MeanAbsoluteDifference">Mean over elements of |numerical − backprop|.</param>
/// <param name="MaxAbsoluteDifference">Largest |numerical − backprop|.</param>
public sealed record GradientCheckEntry(string Name, int Rows, int Columns, double MeanAbsoluteDifference, double MaxAbsoluteDifference)
{
    /// <summary>Ok below 1e-5, Bug at 1e-3 or more, Suspicious in between (judged on the mean difference).</summary>
    public GradientVerdict Verdict => GradientCheck.Judge(MeanAbsoluteDifference);

    /// <summary>"rows×columns".</summary>
    public string Shape => $"{Rows}×{Columns}";
}
