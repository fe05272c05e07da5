using Backprop.Layers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>
/// The layer of exercise 10.1, layer normalization: each sample (row of x) is normalised over its own D features, then
/// scaled by γ and shifted by β (1×D rows, one value per feature). Besides Forward and Backward it shows γ, β and the
/// gradients its last Backward computed.
/// </summary>
public interface ILayerNormLayer : ILayer
{
    /// <summary>The scales γ, a 1×D row: one per feature (column of x).</summary>
    Matrix<double> Gamma { get; }

    /// <summary>The shifts β, a 1×D row: one per feature (column of x).</summary>
    Matrix<double> Beta { get; }

    /// <summary>∂L/∂γ from the last Backward, 1×D (null before it).</summary>
    Matrix<double>? DGamma { get; }

    /// <summary>∂L/∂β from the last Backward, 1×D (null before it).</summary>
    Matrix<double>? DBeta { get; }
}
