namespace Backprop.Checks;

/// <summary>Thrown inside a check to stop at the first wrong quantity; <see cref="Exercise"/> turns it into a result.</summary>
internal sealed class CheckFailedException(string what, string expected, string got, string? hint)
    : Exception($"{what}: expected {expected}, got {got}")
{
    public string What { get; } = what;
    public string Expected { get; } = expected;
    public string Got { get; } = got;
    public string? Hint { get; } = hint;
}
