namespace Backprop.Checks;

/// <summary>The outcome of checking one exercise.</summary>
public enum CheckStatus
{
    /// <summary>Every check passed: shape, values and gradient.</summary>
    Passed,

    /// <summary>A check failed; the result says what was expected, what came out and the likely mistake.</summary>
    Failed,

    /// <summary>The exercise still throws <see cref="NotImplementedException"/>.</summary>
    NotAttempted,
}
