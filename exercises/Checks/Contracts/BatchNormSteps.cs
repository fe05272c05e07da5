using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>
/// The forward pass of lesson 12's batch norm (makemore's, with Bessel's correction), one matrix per elementary step, as
/// exercise 12.2 receives it: for an N×D batch <see cref="H"/>,
/// μ = mean over the rows, c = h − μ, c², σ² = Σᵢ c²ᵢ / (N − 1), v = (σ² + ε)^(−1/2), ĥ = c ⊙ v, y = γ ⊙ ĥ + β.
/// Rows are repeated down the batch (broadcast) wherever a 1×D row meets an N×D matrix.
/// </summary>
/// <param name="H">The input h, N×D (N ≥ 2).</param>
/// <param name="Gamma">The scale γ, 1×D.</param>
/// <param name="Beta">The shift β, 1×D.</param>
/// <param name="Epsilon">ε, added to the variance.</param>
/// <param name="Mean">μ, 1×D.</param>
/// <param name="Centred">c = h − μ, N×D.</param>
/// <param name="Centred2">c², N×D.</param>
/// <param name="Variance">σ² = Σᵢ c²ᵢ / (N − 1), 1×D.</param>
/// <param name="VarInv">v = (σ² + ε)^(−1/2), 1×D.</param>
/// <param name="XHat">ĥ = c ⊙ v, N×D.</param>
/// <param name="Y">y = γ ⊙ ĥ + β, N×D.</param>
public sealed record BatchNormSteps(
    Matrix<double> H, Matrix<double> Gamma, Matrix<double> Beta, double Epsilon,
    Matrix<double> Mean, Matrix<double> Centred, Matrix<double> Centred2, Matrix<double> Variance,
    Matrix<double> VarInv, Matrix<double> XHat, Matrix<double> Y);
