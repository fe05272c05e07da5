using Backprop.Layers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>
/// The layer of exercise 4.1: out = x·Wᵀ without a bias, its weights W stored one row per output (H×D, the layout of
/// PyTorch's <c>nn.Linear</c>). Besides Forward and Backward it shows W and the gradient its last Backward computed.
/// </summary>
public interface ITransposedWeightsLayer : ILayer
{
    /// <summary>The weights W, H×D: row j holds the D weights of output j.</summary>
    Matrix<double> W { get; }

    /// <summary>∂L/∂W from the last Backward, H×D like W (null before it).</summary>
    Matrix<double>? DW { get; }
}
