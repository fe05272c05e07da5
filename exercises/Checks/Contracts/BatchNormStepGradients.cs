using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>
/// Exercise 12.2's answer: ∂L/∂(each step of <see cref="BatchNormSteps"/>) given ∂L/∂y, each of its step's shape.
/// </summary>
/// <param name="Beta">∂L/∂β, 1×D.</param>
/// <param name="Gamma">∂L/∂γ, 1×D.</param>
/// <param name="XHat">∂L/∂ĥ, N×D.</param>
/// <param name="VarInv">∂L/∂v, 1×D.</param>
/// <param name="Variance">∂L/∂σ², 1×D.</param>
/// <param name="Centred2">∂L/∂c², N×D.</param>
/// <param name="Centred">∂L/∂c, N×D (c is used twice).</param>
/// <param name="Mean">∂L/∂μ, 1×D.</param>
/// <param name="H">∂L/∂h, N×D (h is used twice).</param>
public sealed record BatchNormStepGradients(
    Matrix<double> Beta, Matrix<double> Gamma, Matrix<double> XHat, Matrix<double> VarInv, Matrix<double> Variance,
    Matrix<double> Centred2, Matrix<double> Centred, Matrix<double> Mean, Matrix<double> H);
