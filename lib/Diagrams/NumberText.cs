using System.Globalization;

namespace Backprop.Diagrams;

/// <summary>Numbers as a reader expects them: 2·100·1.1 shows as 220, not 220.00000000000003.</summary>
internal static class NumberText
{
    public static string Format(double value) => Format(value, 10);

    /// <summary>The value rounded to <paramref name="digits"/> significant digits, without trailing zeros.</summary>
    public static string Format(double value, int digits)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsInfinity(value)) return value > 0 ? "∞" : "−∞";
        // Ten significant digits (the default) hide floating-point noise but keep every digit a lesson's numbers have.
        var rounded = double.Parse(value.ToString("G" + digits, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        if (rounded == 0) return "0";
        var magnitude = Math.Abs(rounded);
        return magnitude is >= 1e-4 and < 1e15
            ? rounded.ToString("0.##########", CultureInfo.InvariantCulture)
            : rounded.ToString("0.#########e+0", CultureInfo.InvariantCulture);
    }
}
