using Backprop.Layers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>
/// SiLU, y = x·σ(x), written as its graph of nodes in lesson 3's exercise: a = −x, e = exp(a), s = 1 + e, g = 1/s,
/// y = x·g. Besides dx, Backward leaves ∂L/∂v for every value v between x and y, each named D + the value's name, so a
/// check can find the node whose local gradient is wrong (two wrong signs cancel in dx, but not in these).
/// </summary>
public interface ISiluGraph : ILayer
{
    /// <summary>∂L/∂g from the last Backward: the gradient with respect to g = 1/s, the × node's second input (null before it).</summary>
    Matrix<double>? DG { get; }

    /// <summary>∂L/∂s from the last Backward: the gradient with respect to s = 1 + e, the 1/s node's input (null before it).</summary>
    Matrix<double>? DS { get; }

    /// <summary>∂L/∂e from the last Backward: the gradient with respect to e = exp(a), the +1 node's input (null before it).</summary>
    Matrix<double>? DE { get; }

    /// <summary>∂L/∂a from the last Backward: the gradient with respect to a = −x, the exp node's input (null before it).</summary>
    Matrix<double>? DA { get; }
}
