using Backprop.Layers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>
/// The layer of exercise 4.2: out = x ⊙ γ + β per feature — column i of x is multiplied by γ[0, i] and shifted by
/// β[0, i], in every sample (row); γ and β are 1×D rows. (Batch normalization ends with this step.) Besides Forward and
/// Backward it shows γ, β and the gradients its last Backward computed.
/// </summary>
public interface IScaleShiftLayer : ILayer
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
