using Backprop.Layers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>
/// An Affine layer written by the learner (exercise 6.5, the mended Affine layer): besides Forward and Backward it
/// shows its weights and the gradients its last Backward computed, so that a check can compare them.
/// </summary>
public interface IAffineLayer : ILayer
{
    /// <summary>The weights W, in×out.</summary>
    Matrix<double> W { get; }

    /// <summary>The bias b, a 1×out row added to every sample.</summary>
    Matrix<double> B { get; }

    /// <summary>∂L/∂W from the last Backward (null before it).</summary>
    Matrix<double>? DW { get; }

    /// <summary>∂L/∂b from the last Backward, 1×out (null before it).</summary>
    Matrix<double>? DB { get; }
}
