using Backprop.Functions;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>An output layer written in lesson 5's exercise, shaped like <see cref="Layers.SoftmaxWithLoss"/>.</summary>
public interface ILossLayer
{
    /// <summary>Probabilities from the scores, then the mean loss against the labels (indices or one-hot).</summary>
    double Forward(Matrix<double> scores, Labels labels);

    /// <summary>∂L/∂scores for the last Forward, times the upstream gradient <paramref name="dout"/>.</summary>
    Matrix<double> Backward(double dout = 1.0);
}
