using Backprop.Functions;
using Backprop.Layers;
using Backprop.Networks;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Performance;

/// <summary>
/// A <see cref="TwoLayerNet"/> whose <see cref="Gradient"/> skips the first layer's dx = dout·W1ᵀ: its input is the data and
/// nobody uses it (a third of an iteration's multiply-adds; PyTorch likewise skips gradients of inputs that need none).
/// Every other number is the network's own: the same forward pass, the same dW1 = xᵀ·dout and db1 as Affine1 computes, and
/// the layers' dW2 and db2, so <see cref="Training.Trainer"/> driving it ends with the same weights bit for bit
/// (FastTrainingTests). The wrapped network's parameters and layers are shared, not copied.
/// </summary>
public sealed class FastTwoLayerNet(TwoLayerNet network) : INetwork
{
    private Matrix<double>? _dW1;

    /// <summary>The wrapped network.</summary>
    public TwoLayerNet Network { get; } = network ?? throw new ArgumentNullException(nameof(network));

    /// <inheritdoc />
    public IReadOnlyList<Parameter> Parameters => Network.Parameters;

    /// <inheritdoc />
    public SoftmaxWithLoss LastLayer => Network.LastLayer;

    /// <inheritdoc />
    public double Loss(Matrix<double> x, Labels t) => Network.Loss(x, t);

    /// <inheritdoc />
    public double Accuracy(Matrix<double> x, Labels t) => Network.Accuracy(x, t);

    /// <summary>
    /// The network's gradients "W1", "b1", "W2", "b2" without Affine1's dx; dW1 and db1 are new results of this call (the
    /// dW1 matrix is reused by the next call), and Affine1's own DW and DB are left as they were.
    /// </summary>
    public IReadOnlyDictionary<string, Matrix<double>> Gradient(Matrix<double> x, Labels t)
    {
        Network.Loss(x, t);
        var dout = Network.LastLayer.Backward(1.0);
        dout = Network.Affine2.Backward(dout);
        dout = Network.Relu1.Backward(dout);
        var w1 = Network.W1.Data;
        if (_dW1 is null || _dW1.RowCount != w1.RowCount || _dW1.ColumnCount != w1.ColumnCount)
            _dW1 = Matrix<double>.Build.Dense(w1.RowCount, w1.ColumnCount);
        x.TransposeThisAndMultiply(dout, _dW1);          // dW1 = xᵀ·dout; no dx = dout·W1ᵀ
        return new Dictionary<string, Matrix<double>>
        {
            ["W1"] = _dW1, ["b1"] = dout.ColumnSums().ToRowMatrix(),
            ["W2"] = Network.Affine2.DW!, ["b2"] = Network.Affine2.DB!,
        };
    }
}
