namespace Backprop.Networks;

/// <summary>
/// How a <see cref="MultiLayerNet"/> draws its initial weights: a fixed standard deviation (the book's 0.01 or 1), or one
/// that depends on the layer's number of inputs n — Xavier 1/√n (for sigmoid) or He √(2/n) (for ReLU).
/// </summary>
public sealed class WeightInit
{
    private readonly Func<int, double> _std;

    private WeightInit(string name, Func<int, double> std)
    {
        Name = name;
        _std = std;
    }

    /// <summary>Every layer N(0, std²), e.g. <c>WeightInit.Std(0.01)</c>.</summary>
    public static WeightInit Std(double std)
    {
        if (!(std > 0) || !double.IsFinite(std))
            throw new ArgumentOutOfRangeException(nameof(std), std, "The standard deviation must be a positive finite number.");
        return new($"std {std}", _ => std);
    }

    /// <summary>Standard deviation 1/√n for a layer with n inputs (<see cref="Initializers.XavierStd"/>).</summary>
    public static WeightInit Xavier { get; } = new("Xavier", Initializers.XavierStd);

    /// <summary>Standard deviation √(2/n) for a layer with n inputs (<see cref="Initializers.HeStd"/>).</summary>
    public static WeightInit He { get; } = new("He", Initializers.HeStd);

    /// <summary>For legends: "std 0.01", "Xavier" or "He".</summary>
    public string Name { get; }

    /// <summary>The standard deviation for a layer with <paramref name="fanIn"/> inputs.</summary>
    public double StdFor(int fanIn) => _std(fanIn);

    /// <inheritdoc />
    public override string ToString() => Name;
}
