using Backprop.Layers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>
/// The sigmoid written as its graph of nodes in lesson 3's exercise: a = −x, e = exp(a), s = e + 1, y = 1/s.
/// Besides dx, Backward leaves the gradient at every node's input, so a check can find the node whose local
/// gradient is wrong (two wrong signs cancel in dx, but not in these).
/// </summary>
public interface ISigmoidGraph : ILayer
{
    /// <summary>∂L/∂s from the last Backward: the gradient at the input of the 1/s node (null before it).</summary>
    Matrix<double>? DSum { get; }

    /// <summary>∂L/∂e from the last Backward: the gradient at the input of the +1 node (null before it).</summary>
    Matrix<double>? DExp { get; }

    /// <summary>∂L/∂a from the last Backward: the gradient at the input of the exp node (null before it).</summary>
    Matrix<double>? DNeg { get; }
}
