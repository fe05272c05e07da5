namespace Backprop.Scalar;

/// <summary>
/// A multiplication node of a computational graph: forward computes x·y, backward swaps the inputs
/// (∂(xy)/∂x = y, ∂(xy)/∂y = x), which is why forward must remember them.
/// </summary>
public sealed class MulLayer
{
    private double _x, _y;
    private bool _hasForward;

    /// <summary>Computes x·y and remembers both inputs for <see cref="Backward"/>.</summary>
    public double Forward(double x, double y)
    {
        _x = x;
        _y = y;
        _hasForward = true;
        return x * y;
    }

    /// <summary>Returns (dx, dy) = (dout·y, dout·x): each input's gradient is the other input.</summary>
    /// <exception cref="InvalidOperationException">Forward has not run yet.</exception>
    public (double dx, double dy) Backward(double dout)
    {
        if (!_hasForward)
            throw new InvalidOperationException("MulLayer.Backward was called before Forward: there are no inputs to swap yet.");
        return (dout * _y, dout * _x);
    }
}
