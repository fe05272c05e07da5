using Backprop.Errors;
using Backprop.Functions;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Layers;

/// <summary>
/// Convolution layer (the book's 7.4): FN filters of C×FH×FW slide over each C×H×W image; at every position a filter's
/// output is the sum of its weights times the pixels under it, plus the filter's bias. With im2col that is an Affine layer:
/// <code>
/// col    = im2col(x)            (N·OH·OW) × (C·FH·FW)   one patch per row
/// outCol = col·W + b            (N·OH·OW) × FN          the patches as rows, the filters as columns
/// out    = outCol regrouped     N × (FN·OH·OW)          one image per row again, one channel per filter
/// backward: dout regrouped → Affine's backward (dW = colᵀ·doutCol, db = column sums, dcol = doutCol·Wᵀ) → col2im(dcol)
/// </code>
/// Layout: images are rows as in <see cref="ImageShape"/>; W is (C·FH·FW) × FN, <b>column f is filter f</b>, its weights
/// in the order of im2col's columns ((c, i, j) at row (c·FH + i)·FW + j) — the book's W[f] flattened; b is 1×FN.
/// W and b are <see cref="Parameter"/>s shared with the network, as <see cref="Affine"/>'s are.
/// </summary>
public sealed class Convolution : ILayer
{
    // The product on patches IS an Affine layer, so the convolution holds one and calls its Forward and Backward.
    private readonly Affine _affine;
    private Matrix<double>? _out;

    /// <summary>A layer using the given parameters by reference.</summary>
    /// <param name="w">The filters, (C·FH·FW) × FN: one filter per column.</param>
    /// <param name="b">The biases, 1×FN: one per filter.</param>
    /// <param name="input">The shape of one input image, C×H×W.</param>
    /// <param name="filterHeight">FH.</param>
    /// <param name="filterWidth">FW.</param>
    /// <param name="stride">Pixels between two filter positions.</param>
    /// <param name="pad">Zeros added on every side of the image.</param>
    /// <param name="name">The name in error messages.</param>
    /// <exception cref="ShapeMismatchException">W or b has the wrong shape, the filter is larger than the padded image, or the
    /// stride does not divide (H + 2·pad − FH) or (W + 2·pad − FW).</exception>
    public Convolution(Parameter w, Parameter b, ImageShape input, int filterHeight, int filterWidth, int stride = 1, int pad = 0, string name = "Convolution")
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(b);
        Name = name;
        var owner = $"{nameof(Convolution)} '{name}'";
        Grid = new PatchGrid(input, filterHeight, filterWidth, stride, pad, owner, "filter");
        if (w.Data.RowCount != Grid.PatchSize)
            throw new ShapeMismatchException(
                $"{owner}: W is {Shape.Of(w.Data)} but {input.Channels}×{filterHeight}×{filterWidth} filters need " +
                $"{Grid.PatchSize} rows (one column of C·FH·FW weights per filter).");
        if (b.Data.RowCount != 1 || b.Data.ColumnCount != w.Data.ColumnCount)
            throw new ShapeMismatchException(
                $"{owner}: b is {Shape.Of(b.Data)} but W is {Shape.Of(w.Data)} (b must be a 1×{w.Data.ColumnCount} row, one bias per filter).");
        W = w;
        B = b;
        _affine = new Affine(w, b, name);
        Output = new ImageShape(w.Data.ColumnCount, Grid.OutHeight, Grid.OutWidth);
    }

    /// <summary>A layer owning new parameters "W" and "b" that wrap the given matrices (not copied).</summary>
    public Convolution(Matrix<double> w, Matrix<double> b, ImageShape input, int filterHeight, int filterWidth, int stride = 1, int pad = 0, string name = "Convolution")
        : this(new Parameter("W", w), new Parameter("b", b), input, filterHeight, filterWidth, stride, pad, name) { }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The filters, (C·FH·FW) × FN, one per column.</summary>
    public Parameter W { get; }

    /// <summary>The biases, 1×FN.</summary>
    public Parameter B { get; }

    /// <summary>Input shape, filter size, stride, pad and the OH×OW positions they give.</summary>
    public PatchGrid Grid { get; }

    /// <summary>The shape of one output image: FN×OH×OW.</summary>
    public ImageShape Output { get; }

    /// <summary>∂L/∂W from the last Backward ((C·FH·FW) × FN), or null before the first.</summary>
    public Matrix<double>? DW { get; private set; }

    /// <summary>∂L/∂b from the last Backward (1×FN), or null before the first.</summary>
    public Matrix<double>? DB { get; private set; }

    /// <summary>x is N × (C·H·W); returns N × (FN·OH·OW), remembering the patches for Backward.</summary>
    public Matrix<double> Forward(Matrix<double> x)
    {
        LayerGuard.RequireInput(x, this, Name);
        Patches.RequireImages(x, Grid, "Forward");
        var col = Patches.Im2Col(x, Grid);
        var outCol = _affine.Forward(col);
        _out = ToImages(outCol, x.RowCount);
        return _out;
    }

    /// <summary>Sets DW and DB; returns dx, N × (C·H·W), the patches' gradients added back onto their pixels.</summary>
    public Matrix<double> Backward(Matrix<double> dout)
    {
        LayerGuard.RequireBackward(_out, dout, this, Name);
        var dcol = _affine.Backward(ToPatchRows(dout));
        DW = _affine.DW;
        DB = _affine.DB;
        return Patches.Col2Im(dcol, Grid);
    }

    // outCol has a row per (image n, position p) and a column per filter f; an image row wants filter f's OH·OW outputs
    // side by side (channel f). The book's reshape(N, OH, OW, −1).transpose(0, 3, 1, 2). Both matrices are stored
    // column-major: (n·OH·OW + p, f) of outCol is outCol[f·N·OH·OW + n·OH·OW + p], (n, f·OH·OW + p) of out is out[(f·OH·OW + p)·N + n].
    private Matrix<double> ToImages(Matrix<double> outCol, int n)
    {
        var positions = Grid.PatchesPerImage;
        var from = Patches.ColumnMajor(outCol);
        var to = new double[from.Length];
        for (var f = 0; f < Output.Channels; f++)
            for (var image = 0; image < n; image++)
                for (var p = 0; p < positions; p++)
                    to[(f * positions + p) * n + image] = from[(f * n + image) * positions + p];
        return Matrix<double>.Build.Dense(n, Output.Size, to);
    }

    // The way back: dout's channel f, position p of image n goes to row n·OH·OW + p, column f.
    private Matrix<double> ToPatchRows(Matrix<double> dout)
    {
        int positions = Grid.PatchesPerImage, n = dout.RowCount;
        var from = Patches.ColumnMajor(dout);
        var to = new double[from.Length];
        for (var f = 0; f < Output.Channels; f++)
            for (var image = 0; image < n; image++)
                for (var p = 0; p < positions; p++)
                    to[(f * n + image) * positions + p] = from[(f * positions + p) * n + image];
        return Matrix<double>.Build.Dense(n * positions, Output.Channels, to);
    }
}
