using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Layers;

/// <summary>
/// A layer of a network on batches in the book's layout: one sample per row (N×features).
/// Forward caches what Backward needs; Backward takes ∂L/∂out and returns ∂L/∂x, never modifying its argument.
/// </summary>
public interface ILayer
{
    /// <summary>A name used in error messages and reports, e.g. "Affine1".</summary>
    string Name { get; }

    /// <summary>Computes the output for a batch and remembers what Backward needs.</summary>
    Matrix<double> Forward(Matrix<double> x);

    /// <summary>Given ∂L/∂out (same shape as the last output), returns ∂L/∂x as a new matrix.</summary>
    Matrix<double> Backward(Matrix<double> dout);
}
