using System.Globalization;

namespace Backprop.Formatting;

/// <summary>
/// The lessons' printed claims: each line starts with ✅ when the computed number agrees with what the lesson expects and
/// ❌ when it does not, and shows the number either way. A lesson loads them with
/// <c>using static Backprop.Formatting.Confirmations;</c>. (Exercises are graded by their checks, not by these.)
/// </summary>
public static class Confirmations
{
    /// <summary>
    /// ✅ when |actual − expected| ≤ tolerance: doubles carry rounding error, so never ==. NaN never passes (every
    /// comparison with NaN is false). The number is printed in full (round-trip), so 2·100·1.1 shows as 220.00000000000003.
    /// </summary>
    public static void Confirm(string what, double actual, double expected, double tolerance) =>
        Print(Math.Abs(actual - expected) <= tolerance,
            $"{what} = {actual.ToString("R", CultureInfo.InvariantCulture)}   (expected {expected.ToString("R", CultureInfo.InvariantCulture)} ± {tolerance.ToString("G2", CultureInfo.InvariantCulture)})");

    /// <summary>✅ when actual &lt; bound, e.g. a difference that must be small.</summary>
    public static void ConfirmBelow(string what, double actual, double bound) =>
        Print(actual < bound, $"{what}: {actual.ToString("G3", CultureInfo.InvariantCulture)} (expected < {bound.ToString("G2", CultureInfo.InvariantCulture)})");

    /// <summary>✅ when actual ≥ bound, e.g. an accuracy that must be reached.</summary>
    public static void ConfirmAtLeast(string what, double actual, double bound) =>
        Print(actual >= bound, $"{what}: {actual.ToString("G4", CultureInfo.InvariantCulture)} (expected ≥ {bound.ToString("G4", CultureInfo.InvariantCulture)})");

    /// <summary>✅ when the statement holds.</summary>
    public static void ConfirmThat(string what, bool holds) => Print(holds, what);

    private static void Print(bool ok, string text) => Console.WriteLine($"{(ok ? "✅" : "❌")} {text}");
}
