using Backprop.Functions;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>A network written in lesson 6's exercise: its loss on a batch, and the gradient of that loss per parameter.</summary>
public interface IGradientNetwork
{
    /// <summary>The mean loss of the batch (a forward pass).</summary>
    double Loss(Matrix<double> x, Labels t);

    /// <summary>∂L/∂parameter by backpropagation, keyed by the parameter's name ("W1", "b1", …; the exercise names them).</summary>
    IReadOnlyDictionary<string, Matrix<double>> Gradient(Matrix<double> x, Labels t);
}
