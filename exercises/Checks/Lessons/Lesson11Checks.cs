using Backprop.Functions;
using Backprop.Gradients;
using Backprop.Layers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>
/// Checks of lesson 11's exercises: the three backward steps of chapter 7 that the lesson uses but does not print —
/// col2im, the max-pooling backward and the convolution's backward. Every expected value comes from the check's own
/// loops over the layout (pixel (c, y, x) of image n is column (c·H + y)·W + x of row n; patch (n, oh, ow) is row
/// (n·OH + oh)·OW + ow of im2col, its value (c, i, j) column (c·FH + i)·FW + j), never from the library's code for the
/// exercise; the typical wrong answers are the same loops with one thing changed.
/// </summary>
public static class Lesson11Checks
{
    // (input, FH, FW, stride, pad, batch sizes N, seed): C = 1, 2 and 3; stride 1 and 2; pad 0, 1 and 2; non-square
    // images, filters and outputs (OH ≠ OW, so rows read with oh and ow swapped are wrong); overlapping and disjoint patches.
    private static readonly (ImageShape Input, int FH, int FW, int Stride, int Pad, int[] Sizes, int Seed)[] PatchGeometries =
    [
        (new(1, 4, 4), 2, 2, 1, 0, [1, 2], 1101),
        (new(2, 7, 5), 3, 3, 2, 1, [1, 3], 1111),
        (new(3, 5, 4), 3, 2, 1, 1, [2], 1121),
        (new(2, 4, 5), 2, 3, 2, 2, [2, 1], 1131),
        (new(3, 6, 6), 2, 2, 2, 0, [2], 1141),
        (new(1, 3, 3), 3, 3, 1, 2, [1], 1151),
    ];

    private static readonly double[] DoutScales = [1.5, -0.8, 1e-3];

    /// <summary>
    /// EXERCISE 11.1: col2im. <paramref name="col2im"/> gets a patch-gradient matrix col, (N·OH·OW) × (C·FH·FW) as im2col
    /// lays it out, and the <see cref="PatchGrid"/> it was cut with, and returns a NEW N × (C·H·W) matrix: every value of
    /// col added to the pixel it was copied from, so a pixel in several overlapping patches collects the sum of their
    /// values, and values that fell in the padding dropped. Checked on six geometries (C = 1, 2, 3; stride 1 and 2; pad
    /// 0, 1, 2; non-square images, filters and outputs; N = 1 to 3), each grid called more than once; col must stay
    /// unchanged and every returned matrix must keep its values. The library's Patches.Col2Im (and the layers that call it)
    /// is off limits.
    /// </summary>
    public static CheckResult Col2Im(Func<Matrix<double>, PatchGrid, Matrix<double>> col2im) =>
        Exercise.Check("11.1", "col2im", () =>
        {
            ArgumentNullException.ThrowIfNull(col2im);
            LibraryUse.Forbid(col2im, "write col2im yourself: the library's Patches.Col2Im (and the Convolution and Pooling layers, which call it) is the answer",
                typeof(Patches).GetMethod(nameof(Patches.Col2Im))!, typeof(Convolution), typeof(Pooling));
            foreach (var (input, fh, fw, stride, pad, sizes, seed) in PatchGeometries)
            {
                var grid = new PatchGrid(input, fh, fw, stride, pad);
                var returned = new List<(Matrix<double> Matrix, Matrix<double> Copy, string Label)>();
                var k = 0;
                foreach (var n in sizes)
                {
                    var col = CheckData.Matrix(n * grid.PatchesPerImage, grid.PatchSize, seed + k++);
                    var colBefore = col.Clone();
                    var what = $"MyCol2Im(col, grid) for col {col.RowCount}×{col.ColumnCount}: N = {n} image(s) {input}, a {fh}×{fw} filter, " +
                               $"stride {stride}, pad {pad} (OH = {grid.OutHeight}, OW = {grid.OutWidth})";
                    Matrix<double> got;
                    try { got = col2im(col, grid); }
                    catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException)
                    {
                        throw new CheckFailedException(what, "indices inside the matrices", $"{e.GetType().Name}: {e.Message}",
                            "an index ran past a matrix: a patch value at (oh·stride − pad + i, ow·stride − pad + j) outside 0…H−1 or 0…W−1 " +
                            "lies in the padding and has no pixel, so skip it; N is col's rows divided by OH·OW");
                    }
                    Expect.Shaped(got, n, input.Size, what, "one row per image (N = rows of col / (OH·OW)) and C·H·W columns, the layout of the images im2col was given");
                    var copy = got.Clone();
                    Expect.Values(copy, Col2ImReference(colBefore, grid, new()), what,
                        "each value of col goes back to the pixel it was copied from and is ADDED there; compare your index arithmetic with im2col's " +
                        "(row (n·OH + oh)·OW + ow, column (c·FH + i)·FW + j, pixel (c, oh·stride − pad + i, ow·stride − pad + j))",
                        Col2ImMistakes(colBefore, grid));
                    Expect.Unchanged(col, colBefore, "col", "col2im wrote into col, the caller's matrix: only the returned matrix is new");
                    returned.Add((got, copy, $"the matrix an earlier call returned ({what})"));
                    foreach (var (matrix, before, label) in returned)
                        Expect.UnchangedSince(matrix, before, label, "after a later call", "return a NEW matrix at every call; a matrix kept between calls and reused changes what you returned before");
                }
            }
        });

    /// <summary>
    /// EXERCISE 11.2: the max-pooling backward. <paramref name="makeLayer"/> gets (input shape, pool height PH, pool width PW,
    /// stride) and returns a new layer whose Forward (given: each channel's PH×PW windows, stride apart, replaced by their
    /// largest value; N × (C·H·W) in, N × (C·OH·OW) out) caches its input, and whose Backward(dout) is the learner's: a NEW
    /// N × (C·H·W) matrix where each window's dout goes to the element that was its maximum (the first, row by row, when
    /// several are equal) and every other element gets 0; a pixel that is the maximum of several overlapping windows
    /// collects all their gradients. Checked on five geometries (C = 1 to 3; windows 2×2, 3×3 and 2×3; stride equal to the
    /// window and smaller, so windows overlap; non-square images), batches of integers in [−3, 3] (many ties) and of
    /// negative values only, two batch sizes per layer, random dout, two Backwards per Forward; x, dout and everything
    /// returned earlier unchanged. The library's Pooling is off limits.
    /// </summary>
    public static CheckResult MaxPoolingBackward(Func<ImageShape, int, int, int, ILayer> makeLayer) =>
        Exercise.Check("11.2", "Max-pooling backward", () =>
        {
            ArgumentNullException.ThrowIfNull(makeLayer);
            // (input, PH, PW, stride, batch sizes, seed)
            foreach (var (input, ph, pw, stride, sizes, seed) in new (ImageShape, int, int, int, int[], int)[]
                     {
                         (new(1, 4, 4), 2, 2, 2, [2, 1], 1201),
                         (new(3, 4, 6), 2, 2, 2, [2, 3], 1211),
                         (new(2, 5, 5), 3, 3, 1, [1, 2], 1221),
                         (new(1, 5, 7), 3, 3, 2, [2, 1], 1231),
                         (new(2, 4, 6), 2, 3, 1, [3, 1], 1241),
                     })
            {
                var grid = new PatchGrid(input, ph, pw, stride, 0, "MyMaxPooling", "pooling window");
                var layer = makeLayer(input, ph, pw, stride) ?? throw new CheckFailedException($"new MyMaxPooling({input}, {ph}, {pw}, {stride})", "a layer", "null", "the factory must return a new layer");
                LibraryUse.Forbid(layer, "write the backward pass yourself: the library's Pooling layer is the answer", typeof(Pooling));
                var returned = new List<(Matrix<double> Matrix, Matrix<double> Copy, string Label)>();
                var k = 0;
                foreach (var n in sizes)
                {
                    var random = new Random(seed + k);
                    // Integers in [−3, 3] tie often; the second batch is negative everywhere (a maximum below 0).
                    var x = Matrix<double>.Build.Dense(n, input.Size, (_, _) => random.Next(-3, 4) - (k % 2 == 1 ? 4.5 : 0));
                    PoolingBatch(layer, grid, x, seed + 10 * ++k, returned);
                }
            }
        });

    /// <summary>
    /// EXERCISE 11.3: the convolution's backward. <paramref name="makeLayer"/> gets W ((C·FH·FW) × FN, one filter per
    /// column), b (1×FN) and the <see cref="PatchGrid"/> (input shape, filter size, stride, pad) and returns a new layer
    /// whose Forward (given: im2col, the product with W plus b, the result regrouped into N × (FN·OH·OW) images, the
    /// patches cached) and whose Backward(dout) is the learner's: it sets DW = ∂L/∂W and DB = ∂L/∂b and returns a NEW
    /// dx = ∂L/∂x, N × (C·H·W). Checked on four geometries (C = 1 to 3, FN = 1 to 4 with C·FH·FW = FN once, stride 1 and 2,
    /// pad 0 to 2, non-square images, filters and outputs), two batch sizes per layer, dout of several scales, two
    /// Backwards per Forward, inputs, W, b, dout and everything returned earlier unchanged; then central differences.
    /// The library's Convolution and Affine are off limits; Patches.Im2Col and Patches.Col2Im may be used.
    /// </summary>
    public static CheckResult ConvolutionBackward(Func<Matrix<double>, Matrix<double>, PatchGrid, IConvolutionLayer> makeLayer) =>
        Exercise.Check("11.3", "Convolution backward", () =>
        {
            ArgumentNullException.ThrowIfNull(makeLayer);
            // (input, FN, FH, FW, stride, pad, batch sizes, seed)
            foreach (var (input, fn, fh, fw, stride, pad, sizes, seed) in new (ImageShape, int, int, int, int, int, int[], int)[]
                     {
                         (new(1, 4, 4), 4, 2, 2, 1, 0, [2, 1], 1301),
                         (new(3, 5, 4), 2, 3, 2, 1, 1, [1, 2], 1311),
                         (new(2, 7, 5), 3, 3, 3, 2, 1, [3, 1], 1321),
                         (new(1, 3, 3), 1, 3, 3, 1, 2, [2], 1331),
                     })
            {
                var grid = new PatchGrid(input, fh, fw, stride, pad, "MyConvolution");
                var (w, b) = (CheckData.Matrix(grid.PatchSize, fn, seed), CheckData.Matrix(1, fn, seed + 1));
                var (wBefore, bBefore) = (w.Clone(), b.Clone());
                var layer = NewConvolution(makeLayer, w, b, grid);
                LibraryUse.Forbid(layer, "write the backward pass yourself: the library's Convolution (and the Affine layer inside it) is the answer",
                    typeof(Convolution), typeof(Affine));
                var returned = new List<(Matrix<double> Matrix, Matrix<double> Copy, string Label)>();
                var k = 0;
                foreach (var n in sizes)
                    ConvolutionBatch(layer, grid, w, b, wBefore, bBefore, n, seed + 10 * ++k, k, returned);
            }

            // Gradient: Backward(dout) must be the gradient of Σ(Forward(x) ⊙ dout) with respect to x, W and b.
            var g = new PatchGrid(new ImageShape(2, 4, 3), 2, 2, 1, 1, "MyConvolution");
            var (x, w2, b2) = (CheckData.Matrix(2, g.Input.Size, 1391), CheckData.Matrix(g.PatchSize, 3, 1392), CheckData.Matrix(1, 3, 1393));
            var dout = CheckData.Matrix(2, 3 * g.PatchesPerImage, 1394);
            var probe = NewConvolution(makeLayer, w2, b2, g);
            probe.Forward(x);
            var dx = probe.Backward(dout);
            var dW = probe.DW ?? throw new CheckFailedException("DW after Backward(dout)", "a matrix", "null", "Backward must set DW, the gradient of W");
            var dB = probe.DB ?? throw new CheckFailedException("DB after Backward(dout)", "a matrix", "null", "Backward must set DB, the gradient of b");
            double Projected() => CheckData.Projected(NewConvolution(makeLayer, w2, b2, g).Forward, x, dout);
            const string Hint = "the backward pass disagrees with central differences of the forward pass";
            Expect.MatchesNumericalGradient(dx, NumericalGradient.Of(Projected, x), "dx", Hint);
            Expect.MatchesNumericalGradient(dW, NumericalGradient.Of(Projected, w2), "DW", Hint);
            Expect.MatchesNumericalGradient(dB, NumericalGradient.Of(Projected, b2), "DB", Hint);
        });

    // ---------------------------------------------------------------- 11.1: col2im and its wrong versions

    private sealed record Col2ImWay(bool Overwrite = false, bool NoPad = false, bool NoStride = false, bool ChannelLastPatch = false,
        bool ChannelLastImage = false, bool SwappedPositions = false);

    // The check's own col2im: one loop over every patch value, the layout written out. A Col2ImWay changes one thing.
    private static Matrix<double> Col2ImReference(Matrix<double> col, PatchGrid g, Col2ImWay way)
    {
        var s = g.Input;
        var images = col.RowCount / g.PatchesPerImage;
        var dx = Matrix<double>.Build.Dense(images, s.Size);
        int stride = way.NoStride ? 1 : g.Stride, pad = way.NoPad ? 0 : g.Pad;
        for (var n = 0; n < images; n++)
            for (var oh = 0; oh < g.OutHeight; oh++)
                for (var ow = 0; ow < g.OutWidth; ow++)
                    for (var c = 0; c < s.Channels; c++)
                        for (var i = 0; i < g.FilterHeight; i++)
                            for (var j = 0; j < g.FilterWidth; j++)
                            {
                                int y = oh * stride - pad + i, x = ow * stride - pad + j;
                                if (y < 0 || y >= s.Height || x < 0 || x >= s.Width) continue;   // padding
                                var row = way.SwappedPositions ? (n * g.OutWidth + ow) * g.OutHeight + oh : (n * g.OutHeight + oh) * g.OutWidth + ow;
                                var column = way.ChannelLastPatch ? (i * g.FilterWidth + j) * s.Channels + c : (c * g.FilterHeight + i) * g.FilterWidth + j;
                                var pixel = way.ChannelLastImage ? (y * s.Width + x) * s.Channels + c : (c * s.Height + y) * s.Width + x;
                                dx[n, pixel] = way.Overwrite ? col[row, column] : dx[n, pixel] + col[row, column];
                            }
        return dx;
    }

    private static Mistake<Matrix<double>>[] Col2ImMistakes(Matrix<double> col, PatchGrid g) =>
    [
        new("a pixel kept only the LAST patch's value: overlapping patches share pixels, and each adds its value (+=, not =)",
            Col2ImReference(col, g, new(Overwrite: true))),
        new("the padding was not subtracted: patch (oh, ow)'s value (i, j) lies at row oh·stride − pad + i, column ow·stride − pad + j of the image",
            Col2ImReference(col, g, new(NoPad: true))),
        new("the stride is ignored: patch (oh, ow) starts stride·oh rows and stride·ow columns further on, not oh and ow",
            Col2ImReference(col, g, new(NoStride: true))),
        new("col's columns were read channel last: im2col's column (c·FH + i)·FW + j holds value (c, i, j) — channel first, then the filter's row, then its column",
            Col2ImReference(col, g, new(ChannelLastPatch: true))),
        new("the pixels were written channel last: pixel (c, y, x) of an image is column (c·H + y)·W + x — channel by channel, each row by row",
            Col2ImReference(col, g, new(ChannelLastImage: true))),
        new("oh and ow are swapped in the patch row: patches run left to right, then top to bottom, so row (n·OH + oh)·OW + ow",
            Col2ImReference(col, g, new(SwappedPositions: true))),
    ];

    // ---------------------------------------------------------------- 11.2: max pooling

    private enum Routing { FirstMax, EveryTiedMax, LastMax, SearchFromZero, FirstEntry, Spread, Average }

    private sealed record PoolingWay(Routing Routing = Routing.FirstMax, bool Overwrite = false, bool NoChannelOffset = false);

    private static Matrix<double> PoolingForwardReference(Matrix<double> x, PatchGrid g)
    {
        var s = g.Input;
        var perChannel = g.PatchesPerImage;
        return Matrix<double>.Build.Dense(x.RowCount, s.Channels * perChannel, (n, k) =>
        {
            int c = k / perChannel, oh = k % perChannel / g.OutWidth, ow = k % g.OutWidth;
            var max = double.NegativeInfinity;
            for (var i = 0; i < g.FilterHeight; i++)
                for (var j = 0; j < g.FilterWidth; j++)
                    max = Math.Max(max, x[n, s.Column(c, oh * g.Stride + i, ow * g.Stride + j)]);
            return max;
        });
    }

    // The check's own max-pooling backward; a PoolingWay changes where a window's dout goes or how it lands.
    private static Matrix<double> PoolingBackwardReference(Matrix<double> x, Matrix<double> dout, PatchGrid g, PoolingWay way)
    {
        var s = g.Input;
        var dx = Matrix<double>.Build.Dense(x.RowCount, s.Size);
        int size = g.FilterHeight * g.FilterWidth, perChannel = g.PatchesPerImage;
        for (var n = 0; n < x.RowCount; n++)
            for (var c = 0; c < s.Channels; c++)
                for (var oh = 0; oh < g.OutHeight; oh++)
                    for (var ow = 0; ow < g.OutWidth; ow++)
                    {
                        var d = dout[n, c * perChannel + oh * g.OutWidth + ow];
                        int Pixel(int e) => (way.NoChannelOffset ? 0 : c * s.Height * s.Width) + (oh * g.Stride + e / g.FilterWidth) * s.Width + ow * g.Stride + e % g.FilterWidth;
                        double Value(int e) => x[n, Pixel(e)];
                        var max = Enumerable.Range(0, size).Max(Value);
                        var first = Enumerable.Range(0, size).First(e => Value(e) == max);
                        var shares = way.Routing switch
                        {
                            Routing.FirstMax => [(first, d)],
                            Routing.EveryTiedMax => Enumerable.Range(0, size).Where(e => Value(e) == max).Select(e => (e, d)).ToArray(),
                            Routing.LastMax => [(Enumerable.Range(0, size).Last(e => Value(e) == max), d)],
                            Routing.SearchFromZero => [(max > 0 ? first : 0, d)],
                            Routing.FirstEntry => [(0, d)],
                            Routing.Spread => Enumerable.Range(0, size).Select(e => (e, d)).ToArray(),
                            _ => Enumerable.Range(0, size).Select(e => (e, d / size)).ToArray(),
                        };
                        foreach (var (e, share) in shares)
                            dx[n, Pixel(e)] = way.Overwrite ? share : dx[n, Pixel(e)] + share;
                    }
        return dx;
    }

    private static Mistake<Matrix<double>>[] PoolingMistakes(Matrix<double> x, Matrix<double> dout, PatchGrid g) =>
    [
        new("dout went to every element of the window: only the maximum affected the output, so only it gets the gradient (the max gate); the others get 0",
            PoolingBackwardReference(x, dout, g, new(Routing.Spread))),
        new("dout was shared out evenly over the window: that is AVERAGE pooling's backward; max pooling sends it all to the window's maximum",
            PoolingBackwardReference(x, dout, g, new(Routing.Average))),
        new("a tie sent dout to every equal maximum: the output was taken from ONE element — the first maximum, row by row — so only it gets dout",
            PoolingBackwardReference(x, dout, g, new(Routing.EveryTiedMax))),
        new("a tie sent dout to the LAST equal maximum: the convention (NumPy's argmax, the lesson's) is the first, row by row — replace only on a strictly larger value",
            PoolingBackwardReference(x, dout, g, new(Routing.LastMax))),
        new("in windows whose values are all ≤ 0 dout went to the window's first element: the search for the maximum started at 0, which no value beats; start from the window's first element",
            PoolingBackwardReference(x, dout, g, new(Routing.SearchFromZero))),
        new("dout went to each window's first (top-left) element: it belongs where the window's maximum is",
            PoolingBackwardReference(x, dout, g, new(Routing.FirstEntry))),
        new("where windows overlap, a pixel that is the maximum of two windows kept only one gradient: it affected both outputs, so the gradients ADD (+=, not =)",
            PoolingBackwardReference(x, dout, g, new(Overwrite: true))),
        new("every window was looked for in channel 0: pixel (c, y, x) is column (c·H + y)·W + x, so channel c starts c·H·W columns in",
            PoolingBackwardReference(x, dout, g, new(NoChannelOffset: true))),
    ];

    private static void PoolingBatch(ILayer layer, PatchGrid g, Matrix<double> x, int seed, List<(Matrix<double> Matrix, Matrix<double> Copy, string Label)> returned)
    {
        var n = x.RowCount;
        var xBefore = x.Clone();
        var size = $"x {n}×{g.Input.Size} ({n} image(s) {g.Input}), a {g.FilterHeight}×{g.FilterWidth} window, stride {g.Stride}";
        var output = layer.Forward(x);
        Expect.Shaped(output, n, g.Input.Channels * g.PatchesPerImage, $"Forward(x) for {size}", "Forward's output has one row per image and C·OH·OW columns (the given Forward does)");
        var outputCopy = output.Clone();
        Expect.Values(outputCopy, PoolingForwardReference(xBefore, g), $"Forward(x) for {size}", "Forward must return each window's maximum, as the given Forward does");

        Matrix<double>? first = null, firstCopy = null;
        foreach (var (scale, k) in DoutScales.Take(2).Select((v, i) => (v, i)))
        {
            var dout = CheckData.Matrix(n, output.ColumnCount, seed + k) * scale;
            var doutBefore = dout.Clone();
            var what = k == 0 ? $"Backward(dout) for {size}" : $"a second Backward(dout) after the same Forward, {size}";
            var dx = Expect.Backward(() => layer.Backward(dout), size,
                "an index ran past a matrix: window (c, oh, ow) covers pixels (c, oh·stride + i, ow·stride + j), and its dout is column (c·OH + oh)·OW + ow",
                "a shape that does not fit: dout is N × (C·OH·OW), dx is N × (C·H·W)");
            Expect.Shaped(dx, n, g.Input.Size, what, "dx has the shape of x: N × (C·H·W)");
            var dxCopy = dx.Clone();
            Expect.Values(dxCopy, PoolingBackwardReference(xBefore, doutBefore, g, new()), what,
                "each window's dout goes to the element that was its maximum (the first one on a tie), every other element gets 0, and a pixel that wins in several overlapping windows collects all their gradients",
                PoolingMistakes(xBefore, doutBefore, g));
            Expect.Unchanged(dout, doutBefore, "dout", "Backward wrote into dout, the caller's matrix: compute a new matrix");
            Expect.Unchanged(x, xBefore, "x", "Backward wrote into the cached input x, the caller's matrix: compute a new matrix");
            if (first is not null) Expect.UnchangedSince(first, firstCopy!, "the dx the first Backward returned", "after a second Backward", "return a NEW dx at every Backward; a matrix kept in the layer and reused changes what you returned before");
            (first, firstCopy) = (dx, dxCopy);
        }
        returned.Add((output, outputCopy, $"the output of an earlier Forward ({size})"));
        returned.Add((first!, firstCopy!, $"the dx of an earlier Backward ({size})"));
        foreach (var (matrix, before, label) in returned)
            Expect.UnchangedSince(matrix, before, label, "after later calls", "return NEW matrices from Forward and Backward; a matrix kept in the layer and reused changes what you returned before");
    }

    // ---------------------------------------------------------------- 11.3: convolution

    private static IConvolutionLayer NewConvolution(Func<Matrix<double>, Matrix<double>, PatchGrid, IConvolutionLayer> make, Matrix<double> w, Matrix<double> b, PatchGrid g) =>
        make(w, b, g) ?? throw new CheckFailedException("new MyConvolution(W, b, grid)", "a layer", "null", "the factory must return a new layer");

    // The check's own convolution, by loops over every image, filter, position and weight.
    private static Matrix<double> ConvolutionForwardReference(Matrix<double> x, Matrix<double> w, Matrix<double> b, PatchGrid g)
    {
        var fn = w.ColumnCount;
        var output = Matrix<double>.Build.Dense(x.RowCount, fn * g.PatchesPerImage);
        EachProduct(x.RowCount, fn, g, (n, f, position, weight, pixel) => output[n, f * g.PatchesPerImage + position] += w[weight, f] * x[n, pixel]);
        for (var n = 0; n < x.RowCount; n++)
            for (var k = 0; k < output.ColumnCount; k++) output[n, k] += b[0, k / g.PatchesPerImage];
        return output;
    }

    private static (Matrix<double> Dx, Matrix<double> DW, Matrix<double> DB) ConvolutionBackwardReference(Matrix<double> x, Matrix<double> w, Matrix<double> dout, PatchGrid g)
    {
        var fn = w.ColumnCount;
        var dx = Matrix<double>.Build.Dense(x.RowCount, g.Input.Size);
        var dW = Matrix<double>.Build.Dense(w.RowCount, fn);
        var dB = Matrix<double>.Build.Dense(1, fn);
        EachProduct(x.RowCount, fn, g, (n, f, position, weight, pixel) =>
        {
            var d = dout[n, f * g.PatchesPerImage + position];
            dW[weight, f] += d * x[n, pixel];
            dx[n, pixel] += d * w[weight, f];
        });
        for (var n = 0; n < dout.RowCount; n++)
            for (var k = 0; k < dout.ColumnCount; k++) dB[0, k / g.PatchesPerImage] += dout[n, k];
        return (dx, dW, dB);
    }

    // Every product W[weight, f]·x[n, pixel] the convolution adds into output (n, f, position); padding contributes none.
    private static void EachProduct(int images, int filters, PatchGrid g, Action<int, int, int, int, int> visit)
    {
        var s = g.Input;
        for (var n = 0; n < images; n++)
            for (var f = 0; f < filters; f++)
                for (var oh = 0; oh < g.OutHeight; oh++)
                    for (var ow = 0; ow < g.OutWidth; ow++)
                        for (var c = 0; c < s.Channels; c++)
                            for (var i = 0; i < g.FilterHeight; i++)
                                for (var j = 0; j < g.FilterWidth; j++)
                                {
                                    int y = oh * g.Stride - g.Pad + i, x = ow * g.Stride - g.Pad + j;
                                    if (y < 0 || y >= s.Height || x < 0 || x >= s.Width) continue;
                                    visit(n, f, oh * g.OutWidth + ow, (c * g.FilterHeight + i) * g.FilterWidth + j, s.Column(c, y, x));
                                }
    }

    // The wrong answers through the patch rows: dout regrouped one way or another, then Affine's backward and col2im.
    private static (Matrix<double> Dx, Matrix<double> DW, Matrix<double> DB) ThroughPatches(Matrix<double> col, Matrix<double> w, Matrix<double> doutCol, PatchGrid g, bool overwrite = false)
    {
        var dcol = doutCol * w.Transpose();
        return (Col2ImReference(dcol, g, new(Overwrite: overwrite)), col.TransposeThisAndMultiply(doutCol), doutCol.ColumnSums().ToRowMatrix());
    }

    private static void ConvolutionBatch(IConvolutionLayer layer, PatchGrid g, Matrix<double> w, Matrix<double> b, Matrix<double> wBefore, Matrix<double> bBefore,
        int n, int seed, int k, List<(Matrix<double> Matrix, Matrix<double> Copy, string Label)> returned)
    {
        var fn = w.ColumnCount;
        var positions = g.PatchesPerImage;
        var x = CheckData.Matrix(n, g.Input.Size, seed);
        var xBefore = x.Clone();
        var size = $"x {n}×{g.Input.Size} ({n} image(s) {g.Input}), W {w.RowCount}×{fn} ({fn} filter(s) {g.Input.Channels}×{g.FilterHeight}×{g.FilterWidth}), " +
                   $"stride {g.Stride}, pad {g.Pad} (OH = {g.OutHeight}, OW = {g.OutWidth})";

        var output = layer.Forward(x);
        Expect.Shaped(output, n, fn * positions, $"Forward(x) for {size}", "Forward's output has one row per image and FN·OH·OW columns (the given Forward does)");
        var outputCopy = output.Clone();
        Expect.Values(outputCopy, ConvolutionForwardReference(xBefore, wBefore, bBefore, g), $"Forward(x) for {size}", "Forward must compute the convolution, as the given Forward does");

        var col = Patches.Im2Col(xBefore, g);
        (Matrix<double> Dx, Matrix<double> DW, Matrix<double> DB)? first = null;
        (Matrix<double> Dx, Matrix<double> DW, Matrix<double> DB)? firstCopy = null;
        for (var call = 0; call < 2; call++)
        {
            var dout = CheckData.Matrix(n, fn * positions, seed + 1 + call) * DoutScales[(k + call) % DoutScales.Length];
            var doutBefore = dout.Clone();
            var what = call == 0 ? $"Backward(dout) for {size}" : $"a second Backward(dout) after the same Forward, {size}";
            var dx = Expect.Backward(() => layer.Backward(dout), size,
                "an index ran past a matrix: dout's column f·OH·OW + p (filter f, position p of image n) belongs to patch row n·OH·OW + p, column f",
                "a product whose shapes do not fit: the patch rows of dout are (N·OH·OW) × FN, W is (C·FH·FW) × FN and col is (N·OH·OW) × (C·FH·FW)");
            var dW = layer.DW ?? throw new CheckFailedException($"DW after {what}", "a matrix", "null", "Backward must set DW, the gradient of W");
            var dB = layer.DB ?? throw new CheckFailedException($"DB after {what}", "a matrix", "null", "Backward must set DB, the gradient of b");
            Expect.Shaped(dW, w.RowCount, fn, $"DW after {what}", dW.RowCount == fn && dW.ColumnCount == w.RowCount
                ? "DW is transposed: it has W's shape, (C·FH·FW) × FN with one filter per column — col's transpose times dout's patch rows"
                : "DW has W's shape, (C·FH·FW) × FN: one column per filter");
            Expect.Shaped(dB, 1, fn, $"DB after {what}", "DB has b's shape, 1×FN: ONE sum per filter, over every image and every position");
            Expect.Shaped(dx, n, g.Input.Size, $"dx = {what}", "dx has the shape of x: N × (C·H·W), one image per row");
            var copies = (dx.Clone(), dW.Clone(), dB.Clone());

            var (rightDx, rightDW, rightDB) = ConvolutionBackwardReference(xBefore, wBefore, doutBefore, g);
            var patchRows = Matrix<double>.Build.Dense(n * positions, fn, (r, f) => doutBefore[r / positions, f * positions + r % positions]);
            // dout's columns read as if positions came first (NumPy's reshape(N·OH·OW, FN) without the transpose).
            var unregrouped = ThroughPatches(col, wBefore, Matrix<double>.Build.Dense(n * positions, fn, (r, f) => doutBefore[r / positions, r % positions * fn + f]), g);
            var overwritten = ThroughPatches(col, wBefore, patchRows, g, overwrite: true);
            const string NotRegrouped = "dout was not regrouped into patch rows: its column f·OH·OW + p (filter f = channel f of the output, position p) " +
                                        "belongs to row n·OH·OW + p, column f of the patch-row matrix — the inverse of the given Forward's regrouping";
            string Accumulates(string name) => $"{name} of the second Backward includes the first one's: each Backward computes its gradients afresh (=, not +=)";

            Expect.Values(copies.Item3, rightDB, $"DB after {what}", "filter f's bias is added at every position of output channel f in every image, so its gradient collects dout from all of them",
                [new(NotRegrouped, unregrouped.DB), new("DB is divided by N: a layer does not divide by N — the loss layer's /N already did, and dout carries it", rightDB / n),
                 .. call == 1 ? [new Mistake<Matrix<double>>(Accumulates("DB"), rightDB + firstCopy!.Value.DB)] : Array.Empty<Mistake<Matrix<double>>>()]);
            Expect.Values(copies.Item2, rightDW, $"DW after {what}", "each weight multiplies one value of every patch, so its gradient collects dout times that value over all patches (on the patch rows the layer is an Affine layer)",
                [new(NotRegrouped, unregrouped.DW),
                 new("DW is transposed: W is (C·FH·FW) × FN with one filter per column, so DW = colᵀ·(dout's patch rows)", rightDW.Transpose()),
                 new("DW is divided by N: a layer does not divide by N — the loss layer's /N already did, and dout carries it", rightDW / n),
                 .. call == 1 ? [new Mistake<Matrix<double>>(Accumulates("DW"), rightDW + firstCopy!.Value.DW)] : Array.Empty<Mistake<Matrix<double>>>()]);
            Expect.Values(copies.Item1, rightDx, $"dx = {what}", "a pixel's gradient collects, from every patch it lies in, the gradient of that patch's entry (Affine's backward on the patch rows, then back to the pixels)",
                [new(NotRegrouped, unregrouped.Dx),
                 .. w.RowCount == fn ? [new Mistake<Matrix<double>>("W is not transposed: the patches' gradient is dout's patch rows times Wᵀ (each patch row gets back what each filter took from it)",
                     Col2ImReference(patchRows * wBefore, g, new()))] : Array.Empty<Mistake<Matrix<double>>>(),
                 new("dx kept only one patch's gradient per pixel: col2im ADDS the gradients of all the overlapping patches a pixel is in (+=, not =)", overwritten.Dx)]);
            Expect.Unchanged(dout, doutBefore, "dout", "Backward wrote into dout, the caller's matrix: compute new matrices");
            Expect.Unchanged(x, xBefore, "x", "Backward wrote into the input x, the caller's matrix: compute new matrices");
            Expect.Unchanged(w, wBefore, "W", "Backward changed W: it only computes gradients; updating W is the optimizer's job");
            Expect.Unchanged(b, bBefore, "b", "Backward changed b: it only computes gradients; updating b is the optimizer's job");
            if (first is { } f)
            {
                const string Reused = "return a NEW dx and set NEW DW and DB at every Backward; a matrix kept in the layer and reused changes what you handed out before";
                Expect.UnchangedSince(f.Dx, firstCopy!.Value.Dx, "the dx the first Backward returned", "after a second Backward", Reused);
                Expect.UnchangedSince(f.DW, firstCopy.Value.DW, "the DW of the first Backward", "after a second Backward", Reused);
                Expect.UnchangedSince(f.DB, firstCopy.Value.DB, "the DB of the first Backward", "after a second Backward", Reused);
            }
            (first, firstCopy) = ((dx, dW, dB), copies);
        }
        returned.Add((output, outputCopy, $"the output of an earlier Forward ({size})"));
        returned.Add((first!.Value.Dx, firstCopy!.Value.Dx, $"the dx of an earlier Backward ({size})"));
        returned.Add((first.Value.DW, firstCopy.Value.DW, $"the DW of an earlier Backward ({size})"));
        foreach (var (matrix, before, label) in returned)
            Expect.UnchangedSince(matrix, before, label, "after later calls", "return NEW matrices from Forward and Backward; a matrix kept in the layer and reused changes what you handed out before");
    }
}
