using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>
/// A regression network whose forward and backward passes the learner writes by hand (lesson 7's exercise), in the
/// (features, samples) layout: x is D×N (one sample per column), y and the prediction are 1×N; the loss is half the
/// mean squared error, (1/2N)·Σ(ŷ − y)².
/// </summary>
public interface IHandWrittenNetwork
{
    /// <summary>The prediction ŷ for every column of x (1×N).</summary>
    Matrix<double> Predict(Matrix<double> x);

    /// <summary>(1/2N)·Σ(ŷ − y)² over the N samples.</summary>
    double Loss(Matrix<double> x, Matrix<double> y);

    /// <summary>∂L/∂parameter by a hand-written backward pass, keyed by the parameters' names ("W1", "b1", …).</summary>
    IReadOnlyDictionary<string, Matrix<double>> Gradient(Matrix<double> x, Matrix<double> y);
}
