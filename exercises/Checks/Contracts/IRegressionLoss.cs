using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>
/// A regression loss written in lesson 5's exercise 5.2: outputs and targets of one shape in, one number out, and the
/// gradient with respect to the outputs back. (<see cref="ILossLayer"/> takes class labels instead of targets.)
/// </summary>
public interface IRegressionLoss
{
    /// <summary>
    /// The loss of outputs <paramref name="y"/> against targets <paramref name="t"/> (both N×K), averaged over the N
    /// rows; keeps what Backward needs.
    /// </summary>
    double Forward(Matrix<double> y, Matrix<double> t);

    /// <summary>∂L/∂y (N×K) for the last Forward, times the upstream gradient <paramref name="dout"/>, as a new matrix.</summary>
    Matrix<double> Backward(double dout = 1.0);
}
