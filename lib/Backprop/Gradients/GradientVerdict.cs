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

    /// <summary>
    /// From 1e-5 up to 1e-2: worth a look. A right backward pass lands here when the central difference straddles a kink
    /// (a ReLU input within h of 0 spoils that entry; the report counts the entries off), a bug that touches few entries too.
    /// </summary>
    Suspicious,

    /// <summary>1e-2 or more (or NaN): the backward pass has a bug.</summary>
    Bug,
}
