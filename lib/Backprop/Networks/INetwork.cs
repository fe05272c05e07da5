using Backprop.Functions;
using Backprop.Layers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Networks;

/// <summary>
/// A classifier that <see cref="Training.Trainer"/> can train with any <see cref="Optimizers.IOptimizer"/>: its parameters,
/// its loss and the loss's gradient by backpropagation, and its accuracy. <see cref="TwoLayerNet"/> and
/// <see cref="MultiLayerNet"/> are two.
/// </summary>
public interface INetwork
{
    /// <summary>The learnable matrices, shared with the layers, each named as in <see cref="Gradient"/>'s result.</summary>
    IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The loss layer; after <see cref="Gradient"/> its <see cref="SoftmaxWithLoss.Loss"/> is the batch's loss.</summary>
    SoftmaxWithLoss LastLayer { get; }

    /// <summary>The batch's loss (a forward pass).</summary>
    double Loss(Matrix<double> x, Labels t);

    /// <summary>∂L/∂parameter by backpropagation (a forward and a backward pass), keyed by parameter name.</summary>
    IReadOnlyDictionary<string, Matrix<double>> Gradient(Matrix<double> x, Labels t);

    /// <summary>The fraction of rows whose predicted class equals the label.</summary>
    double Accuracy(Matrix<double> x, Labels t);
}
