namespace Backprop.Errors;

/// <summary>
/// Two matrices met whose shapes do not fit together. The message names the layer, the step
/// (Forward or Backward) and both shapes, so a learner can see which multiplication went wrong.
/// </summary>
public sealed class ShapeMismatchException : ArgumentException
{
    /// <summary>Creates the exception with a complete message (see <see cref="Shape.Of"/> for the shape text).</summary>
    public ShapeMismatchException(string message) : base(message) { }
}
