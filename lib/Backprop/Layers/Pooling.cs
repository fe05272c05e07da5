using Backprop.Errors;
using Backprop.Functions;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Layers;

/// <summary>
/// Max pooling (the book's 7.4.4): each channel on its own, every PH×PW window is replaced by its largest value.
/// <code>
/// forward:  out = max over the window             and remember WHICH element was the max
/// backward: dx  = dout at that element, 0 elsewhere   (the max gate: only the winner affected the output)
/// </code>
/// Done with im2col on one channel at a time: the batch's N·C channels become rows, im2col cuts one window per row, and
/// the max of each row is one output. The backward puts each dout at its row's argmax and col2im adds the rows back
/// (windows overlap only when stride &lt; pool size; then a pixel that won in two windows collects both gradients).
/// Ties: the first largest element of the window (row by row) wins, as NumPy's argmax; a NaN wins over numbers, so it
/// travels on. Images are rows as in <see cref="ImageShape"/>; the output is N × (C·OH·OW).
/// </summary>
public sealed class Pooling : ILayer
{
    private readonly PatchGrid _channelGrid;
    private int[]? _argMax;
    private Matrix<double>? _out;

    /// <summary>A max-pooling layer for C×H×W images.</summary>
    /// <param name="input">The shape of one input image.</param>
    /// <param name="poolHeight">PH, the window's height.</param>
    /// <param name="poolWidth">PW, the window's width.</param>
    /// <param name="stride">Pixels between two windows; the book's usual choice equals the pool size (no overlap).</param>
    /// <param name="name">The name in error messages.</param>
    /// <exception cref="ShapeMismatchException">The window is larger than the image or the stride does not divide.</exception>
    public Pooling(ImageShape input, int poolHeight, int poolWidth, int stride, string name = "Pooling")
    {
        Name = name;
        var owner = $"{nameof(Pooling)} '{name}'";
        Grid = new PatchGrid(input, poolHeight, poolWidth, stride, 0, owner, "pooling window");
        _channelGrid = new PatchGrid(input with { Channels = 1 }, poolHeight, poolWidth, stride, 0, owner, "pooling window");
        Output = new ImageShape(input.Channels, Grid.OutHeight, Grid.OutWidth);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Input shape, window size and stride, and the OH×OW windows they give.</summary>
    public PatchGrid Grid { get; }

    /// <summary>The shape of one output image: C×OH×OW.</summary>
    public ImageShape Output { get; }

    /// <summary>x is N × (C·H·W); returns N × (C·OH·OW), each window's max, remembering where it was.</summary>
    public Matrix<double> Forward(Matrix<double> x)
    {
        LayerGuard.RequireInput(x, this, Name);
        Patches.RequireImages(x, Grid, "Forward");
        var col = Patches.Im2Col(OneChannelPerRow(x), _channelGrid);  // (N·C·OH·OW) × (PH·PW): one window per row
        _argMax = new int[col.RowCount];
        for (var row = 0; row < col.RowCount; row++) _argMax[row] = ArgMax(col, row);
        // Row r of col is window (n, c, oh, ow) in that order, which is exactly output row n, column r mod (C·OH·OW).
        var perImage = Output.Size;
        _out = Matrix<double>.Build.Dense(x.RowCount, perImage, (n, k) =>
        {
            var row = n * perImage + k;
            return col.At(row, _argMax[row]);
        });
        return _out;
    }

    /// <summary>dx, N × (C·H·W): each dout goes to the element that was its window's max; all others get 0.</summary>
    public Matrix<double> Backward(Matrix<double> dout)
    {
        LayerGuard.RequireBackward(_out, dout, this, Name);
        var perImage = Output.Size;
        var dcol = Matrix<double>.Build.Dense(_argMax!.Length, _channelGrid.PatchSize);
        for (var row = 0; row < _argMax.Length; row++) dcol.At(row, _argMax[row], dout.At(row / perImage, row % perImage));
        return OneImagePerRow(Patches.Col2Im(dcol, _channelGrid), dout.RowCount);
    }

    // The first largest element of the row; a NaN, once found, stays the winner.
    private static int ArgMax(Matrix<double> col, int row)
    {
        var best = 0;
        for (var j = 1; j < col.ColumnCount && !double.IsNaN(col.At(row, best)); j++)
            if (col.At(row, j) > col.At(row, best) || double.IsNaN(col.At(row, j))) best = j;
        return best;
    }

    // N × (C·H·W) → (N·C) × (H·W): channel c of image n becomes row n·C + c (the same numbers, regrouped).
    private Matrix<double> OneChannelPerRow(Matrix<double> x)
    {
        int channels = Grid.Input.Channels, pixels = Grid.Input.Height * Grid.Input.Width, n = x.RowCount;
        var from = Patches.ColumnMajor(x);
        var to = new double[from.Length];
        for (var q = 0; q < pixels; q++)
            for (var c = 0; c < channels; c++)
                for (var image = 0; image < n; image++)
                    to[q * n * channels + image * channels + c] = from[(c * pixels + q) * n + image];
        return Matrix<double>.Build.Dense(n * channels, pixels, to);
    }

    // (N·C) × (H·W) → N × (C·H·W), the inverse regrouping.
    private Matrix<double> OneImagePerRow(Matrix<double> perChannel, int n)
    {
        int channels = Grid.Input.Channels, pixels = Grid.Input.Height * Grid.Input.Width;
        var from = Patches.ColumnMajor(perChannel);
        var to = new double[from.Length];
        for (var q = 0; q < pixels; q++)
            for (var c = 0; c < channels; c++)
                for (var image = 0; image < n; image++)
                    to[(c * pixels + q) * n + image] = from[q * n * channels + image * channels + c];
        return Matrix<double>.Build.Dense(n, Grid.Input.Size, to);
    }
}
