using Backprop.Layers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>
/// The convolution layer of exercise 11.3: FN filters of C×FH×FW on C×H×W images, in the library's layout (a batch is
/// N × (C·H·W), one image per row; the output N × (FN·OH·OW), one channel per filter). Besides Forward and Backward it
/// shows its filters, biases and the gradients its last Backward computed.
/// </summary>
public interface IConvolutionLayer : ILayer
{
    /// <summary>The filters, (C·FH·FW) × FN: column f is filter f, its weights in the order of im2col's columns.</summary>
    Matrix<double> W { get; }

    /// <summary>The biases, 1×FN: one per filter.</summary>
    Matrix<double> B { get; }

    /// <summary>∂L/∂W from the last Backward, (C·FH·FW) × FN (null before it).</summary>
    Matrix<double>? DW { get; }

    /// <summary>∂L/∂b from the last Backward, 1×FN (null before it).</summary>
    Matrix<double>? DB { get; }
}
