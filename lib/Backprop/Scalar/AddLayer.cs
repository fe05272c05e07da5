namespace Backprop.Scalar;

/// <summary>
/// An addition node of a computational graph: forward computes x + y, backward passes the upstream
/// gradient unchanged to both inputs (∂(x+y)/∂x = ∂(x+y)/∂y = 1), so nothing needs caching.
/// </summary>
public sealed class AddLayer
{
    /// <summary>Computes x + y.</summary>
    public double Forward(double x, double y) => x + y;

    /// <summary>Returns (dout, dout): addition hands the gradient through to both inputs.</summary>
    public (double dx, double dy) Backward(double dout) => (dout, dout);
}
