namespace Backprop.Errors;

/// <summary>
/// A loss came out NaN or infinite. The message says where it appeared (layer, row or iteration)
/// and the usual cause, so training stops loudly instead of carrying NaN through every weight.
/// </summary>
public sealed class NonFiniteLossException : ArithmeticException
{
    /// <summary>Creates the exception with a complete message.</summary>
    public NonFiniteLossException(string message) : base(message) { }
}
