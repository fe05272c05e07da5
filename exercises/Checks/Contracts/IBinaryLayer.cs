namespace Backprop.Checks;

/// <summary>
/// A scalar node with two inputs, shaped like <see cref="Scalar.MulLayer"/> and <see cref="Scalar.AddLayer"/>:
/// the layers learners write in lesson 2's exercises implement it so that a check can drive them.
/// </summary>
public interface IBinaryLayer
{
    /// <summary>Computes the node's output and remembers what Backward needs.</summary>
    double Forward(double x, double y);

    /// <summary>Given ∂L/∂out, returns (∂L/∂x, ∂L/∂y) for the inputs of the last Forward.</summary>
    (double dx, double dy) Backward(double dout);
}
