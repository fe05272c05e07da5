namespace Backprop.Gradients;

/// <summary>How a parameter's backprop gradient compares with its numerical gradient.</summary>
public enum GradientVerdict
{
    /// <summary>Mean |numerical − backprop| below 1e-5: the backward pass is right.</summary>
    Ok,

    /// <summary>Between 1e-5 and 1e-3: probably right but worth a look (large h, float noise, a kink of ReLU).</summary>
    Suspicious,

    /// <summary>1e-3 or more: the backward pass has a bug.</summary>
    Bug,
}
