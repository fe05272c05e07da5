using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>
/// The sine regression of lesson 7's exercise, in the (features, samples) layout: x and y are 1×N (one sample per
/// column), W1 is H×1, b1 H×1, W2 1×H and b2 1×1; the loss is half the mean squared error, (1/2N)·Σ(ŷ − y)².
/// </summary>
public interface ISineNetwork
{
    /// <summary>ŷ = W2·σ(W1·x + b1) + b2 for every column of x (1×N).</summary>
    Matrix<double> Predict(Matrix<double> x);

    /// <summary>(1/2N)·Σ(ŷ − y)² over the N samples.</summary>
    double Loss(Matrix<double> x, Matrix<double> y);

    /// <summary>∂L/∂parameter by a hand-written backward pass, keyed "W1", "b1", "W2", "b2".</summary>
    IReadOnlyDictionary<string, Matrix<double>> Gradient(Matrix<double> x, Matrix<double> y);
}
