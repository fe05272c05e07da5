using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>The capstone's network, built from the learner's own layers: a gradient network that also predicts.</summary>
public interface ICapstoneNetwork : IGradientNetwork
{
    /// <summary>The class scores of each row of x (N×classes), before the softmax.</summary>
    Matrix<double> Predict(Matrix<double> x);
}
