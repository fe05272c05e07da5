namespace Backprop.Gradients;

/// <summary>
/// How a parameter's backprop gradient compares with its numerical gradient, judged on the largest relative error
/// (see <see cref="GradientCheck.RelativeError(double, double)"/> and the thresholds <see cref="GradientCheck.OkBelow"/>,
/// <see cref="GradientCheck.BugFrom"/>).
/// </summary>
public enum GradientVerdict
{
    /// <summary>Largest relative error below 1e-5: the backward pass is right.</summary>
    Ok,

    /// <summary>From 1e-5 up to 1e-2: worth a look (CS231n accepts up to 1e-4 where the function has kinks).</summary>
    Suspicious,

    /// <summary>
    /// 1e-2 or more (or NaN): the backward pass has a bug — unless only one or a few entries are off
    /// (<see cref="GradientCheckEntry.EntriesOff"/>) and their inputs sit within h of a kink: a ReLU input there spoils its
    /// entry's numerical gradient by a relative error of up to 1/3, whatever the backward pass.
    /// </summary>
    Bug,
}
