using Backprop.Functions;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>
/// An output layer the learner writes for lesson 6's capstone, shaped like <see cref="Layers.SoftmaxWithLoss"/>: scores
/// and class labels in, one number out. (<see cref="IRegressionLoss"/> takes targets of the outputs' shape instead.)
/// </summary>
public interface ILossLayer
{
    /// <summary>Probabilities from the scores, then the mean loss against the labels (indices or one-hot).</summary>
    double Forward(Matrix<double> scores, Labels labels);

    /// <summary>∂L/∂scores for the last Forward, times the upstream gradient <paramref name="dout"/>.</summary>
    Matrix<double> Backward(double dout = 1.0);
}
