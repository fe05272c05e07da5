using Backprop.Errors;
using Backprop.Functions;
using Backprop.Layers;
using Backprop.Networks;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Performance;

/// <summary>
/// A <see cref="SimpleConvNet"/> whose convolution, ReLU and pooling run as one pass over reused buffers instead of the
/// layers' new matrices and regroupings, and whose <see cref="Gradient"/> skips the convolution's dx (its input is the
/// data; nobody uses it, as <see cref="FastTwoLayerNet"/> skips Affine1's). Every number is the network's own: im2col into
/// the same (N·OH·OW) × (C·FH·FW) matrix, the same product col·W1 (so the same provider gives the same bits), + b1, ReLU
/// and the first largest element of each window, then the network's own Affine1, Relu2, Affine2 and SoftmaxWithLoss; on
/// the way back the same scatter onto the window maxima, ReLU's mask, dW1 = colᵀ·dout and db1 = its column sums. So the
/// <see cref="Training.Trainer"/> driving it ends with the weights of the Trainer driving the network, bit for bit
/// (FastSimpleConvNetTests). Parameters and the dense layers are the wrapped network's, shared, not copied; its Conv1,
/// Relu1 and Pool1 are not run, so their DW, DB and remembered inputs are not this network's.
/// </summary>
public sealed class FastSimpleConvNet : INetwork
{
    private readonly PatchGrid _conv;
    private readonly PatchGrid _pool;
    private int _batch = -1;
    private Matrix<double> _col = null!;       // (N·P) × K: im2col of the batch, P = OH·OW positions, K = C·FH·FW
    private Matrix<double> _outCol = null!;    // (N·P) × FN: col·W1 + b1, then ReLU of it, one column per filter
    private double[] _mask = null!;            // ReLU's mask of outCol: 0 where col·W1 + b1 ≤ 0, else 1
    private Matrix<double> _doutCol = null!;   // (N·P) × FN: the gradient arriving at the convolution's output
    private int[] _winner = null!;             // per pooled value: the index in outCol's storage of its window's max
    private Matrix<double> _dW1 = null!;

    /// <summary>Wraps <paramref name="network"/> (its parameters are trained in place).</summary>
    public FastSimpleConvNet(SimpleConvNet network)
    {
        Network = network ?? throw new ArgumentNullException(nameof(network));
        _conv = network.Conv1.Grid;
        _pool = network.Pool1.Grid;
    }

    /// <summary>The wrapped network.</summary>
    public SimpleConvNet Network { get; }

    /// <inheritdoc />
    public IReadOnlyList<Parameter> Parameters => Network.Parameters;

    /// <inheritdoc />
    public SoftmaxWithLoss LastLayer => Network.LastLayer;

    /// <summary>Scores (before softmax), N×output, as <see cref="SimpleConvNet.Predict"/> computes them.</summary>
    public Matrix<double> Predict(Matrix<double> x)
    {
        var pooled = ConvolveReluPool(x);
        return Network.Affine2.Forward(Network.Relu2.Forward(Network.Affine1.Forward(pooled)));
    }

    /// <inheritdoc />
    public double Loss(Matrix<double> x, Labels t) => Network.LastLayer.Forward(Predict(x), t);

    /// <summary>As <see cref="SimpleConvNet.Accuracy"/>: predicted <see cref="SimpleConvNet.AccuracyBatchSize"/> rows at a time.</summary>
    public double Accuracy(Matrix<double> x, Labels t)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(t);
        if (t.Count != x.RowCount)
            throw new ShapeMismatchException($"FastSimpleConvNet.Accuracy: x is {Shape.Of(x)} but {t.Count} labels were given (one label per row).");
        var correct = 0;
        for (var start = 0; start < x.RowCount; start += SimpleConvNet.AccuracyBatchSize)
        {
            var rows = Math.Min(SimpleConvNet.AccuracyBatchSize, x.RowCount - start);
            var scores = Predict(x.SubMatrix(start, rows, 0, x.ColumnCount));
            for (var i = 0; i < rows; i++)
            {
                var best = 0;
                for (var j = 1; j < scores.ColumnCount; j++) if (scores.At(i, j) > scores.At(i, best)) best = j;
                if (best == t.ClassOf(start + i)) correct++;
            }
        }
        return (double)correct / x.RowCount;
    }

    /// <summary>
    /// The network's gradients "W1", "b1", "W2", "b2", "W3", "b3" without the convolution's dx. dW1 is reused by the next
    /// call; the others are new matrices, as the layers make them.
    /// </summary>
    public IReadOnlyDictionary<string, Matrix<double>> Gradient(Matrix<double> x, Labels t)
    {
        Loss(x, t);
        var dout = Network.LastLayer.Backward(1.0);
        dout = Network.Affine2.Backward(dout);
        dout = Network.Relu2.Backward(dout);
        dout = Network.Affine1.Backward(dout);
        UnpoolRelu(dout);
        _col.TransposeThisAndMultiply(_doutCol, _dW1);  // dW1 = colᵀ·dout; no dcol = dout·W1ᵀ, no col2im
        return new Dictionary<string, Matrix<double>>
        {
            ["W1"] = _dW1, ["b1"] = _doutCol.ColumnSums().ToRowMatrix(),
            ["W2"] = Network.Affine1.DW!, ["b2"] = Network.Affine1.DB!,
            ["W3"] = Network.Affine2.DW!, ["b3"] = Network.Affine2.DB!,
        };
    }

    // im2col → col·W1 + b1 → ReLU → max pooling; returns N × (FN·PH'·PW'), one image per row as Pool1 gives it.
    private Matrix<double> ConvolveReluPool(Matrix<double> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.ColumnCount != _conv.Input.Size)
            throw new ShapeMismatchException(
                $"FastSimpleConvNet: input is {Shape.Of(x)} but {_conv.Input} images need {_conv.Input.Size} columns (one image per row).");
        var n = x.RowCount;
        Allocate(n);
        int positions = _conv.PatchesPerImage, rows = n * positions;

        Patches.CopyPatches(x, _conv, _col.AsColumnMajorArray());  // im2col, the library's own, into the reused col

        _col.Multiply(Network.W1.Data, _outCol);  // the product Convolution's Affine computes, x·W
        var values = _outCol.AsColumnMajorArray();
        var b = Network.B1.Data;
        var filters = _outCol.ColumnCount;
        for (var f = 0; f < filters; f++)
        {
            var bias = b.At(0, f);
            for (var r = f * rows; r < (f + 1) * rows; r++)
            {
                var v = values[r] + bias;           // + 1·b
                _mask[r] = v <= 0 ? 0.0 : 1.0;      // Relu's mask and value, as Relu.Forward writes them
                values[r] = v <= 0 ? 0.0 : v;
            }
        }

        // Max pooling of channel f of image n: window (ph, pw) holds positions (ph·s + i)·OW + pw·s + j, row by row.
        int outW = _conv.OutWidth, poolH = _pool.FilterHeight, poolW = _pool.FilterWidth, stride = _pool.Stride;
        int windows = _pool.PatchesPerImage, perImage = filters * windows;
        var pooled = new double[n * perImage];
        for (var n0 = 0; n0 < n; n0++)
            for (var f = 0; f < filters; f++)
                for (var q = 0; q < windows; q++)
                {
                    var corner = f * rows + n0 * positions + q / _pool.OutWidth * stride * outW + q % _pool.OutWidth * stride;
                    var best = corner;
                    // The first largest element, row by row; a NaN, once found, stays the winner (Pooling's rule).
                    for (var w = 1; w < poolH * poolW && !double.IsNaN(values[best]); w++)
                    {
                        var at = corner + w / poolW * outW + w % poolW;
                        if (values[at] > values[best] || double.IsNaN(values[at])) best = at;
                    }
                    var k = f * windows + q;
                    _winner[n0 * perImage + k] = best;
                    pooled[k * n + n0] = values[best];
                }
        return Matrix<double>.Build.Dense(n, perImage, pooled);
    }

    // Pooling's backward (each dout onto its window's max, added as col2im adds) and Relu's (times the mask), into doutCol.
    private void UnpoolRelu(Matrix<double> dpool)
    {
        var d = dpool.AsColumnMajorArray() ?? dpool.ToColumnMajorArray();
        var dcol = _doutCol.AsColumnMajorArray();
        Array.Clear(dcol);
        int n = dpool.RowCount, perImage = dpool.ColumnCount;
        for (var n0 = 0; n0 < n; n0++)
            for (var k = 0; k < perImage; k++)
                dcol[_winner[n0 * perImage + k]] += d[k * n + n0];
        for (var r = 0; r < dcol.Length; r++) dcol[r] *= _mask[r];
    }

    private void Allocate(int n)
    {
        if (n == _batch) return;
        int rows = n * _conv.PatchesPerImage, filters = Network.W1.Data.ColumnCount;
        _col = Matrix<double>.Build.Dense(rows, _conv.PatchSize);
        _outCol = Matrix<double>.Build.Dense(rows, filters);
        _doutCol = Matrix<double>.Build.Dense(rows, filters);
        _mask = new double[rows * filters];
        _winner = new int[n * filters * _pool.PatchesPerImage];
        _dW1 ??= Matrix<double>.Build.Dense(_conv.PatchSize, filters);
        _batch = n;
    }
}
