using Backprop.Errors;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Functions;

/// <summary>
/// The book's im2col and col2im (chapter 7): a convolution becomes one matrix product once every patch the filter
/// covers is laid out as a row.
/// <code>
/// im2col: x (N × C·H·W, one image per row)  →  col (N·OH·OW × C·FH·FW, one patch per row)
///   row  (n·OH + oh)·OW + ow   is the patch of image n whose top-left corner is at (oh·stride − pad, ow·stride − pad)
///   column (c·FH + i)·FW + j   is its pixel (c, i, j); a pixel in the padding is 0
/// col2im: the way back, for gradients: each patch row's values are ADDED to the pixels it came from, so a pixel that
///   sits in several overlapping patches collects the sum of their gradients (fan-out again: a value used many times)
/// </code>
/// col2im is not the inverse of im2col: col2im(im2col(x)) is x with each pixel multiplied by the number of patches it is in.
/// </summary>
public static class Patches
{
    /// <summary>One row per patch, one column per value in it (see the class summary for the order).</summary>
    /// <exception cref="ShapeMismatchException">x does not have C·H·W columns.</exception>
    public static Matrix<double> Im2Col(Matrix<double> x, PatchGrid grid)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(grid);
        RequireImages(x, grid, "Im2Col");
        var col = Matrix<double>.Build.Dense(x.RowCount * grid.PatchesPerImage, grid.PatchSize);
        Walk(grid, x.RowCount, (n, row, column, pixel) => col.At(row, column, x.At(n, pixel)));
        return col;
    }

    /// <summary>
    /// The gradient with respect to the images, given one for every patch: each value of <paramref name="col"/> is added to the
    /// pixel it was copied from (values that fell in the padding are dropped). Returns N × C·H·W.
    /// </summary>
    /// <exception cref="ShapeMismatchException">col is not (N·OH·OW) × (C·FH·FW) for some N ≥ 1.</exception>
    public static Matrix<double> Col2Im(Matrix<double> col, PatchGrid grid)
    {
        ArgumentNullException.ThrowIfNull(col);
        ArgumentNullException.ThrowIfNull(grid);
        if (col.ColumnCount != grid.PatchSize || col.RowCount == 0 || col.RowCount % grid.PatchesPerImage != 0)
            throw new ShapeMismatchException(
                $"{grid.Owner} Col2Im: col is {Shape.Of(col)} but {grid.Input} images cut into {grid.OutHeight}×{grid.OutWidth} patches " +
                $"of {grid.Input.Channels}×{grid.FilterHeight}×{grid.FilterWidth} need N·{grid.PatchesPerImage} rows and {grid.PatchSize} columns.");
        var n = col.RowCount / grid.PatchesPerImage;
        var dx = Matrix<double>.Build.Dense(n, grid.Input.Size);
        // +=, not =: overlapping patches share pixels, and each patch's gradient adds to theirs.
        Walk(grid, n, (image, row, column, pixel) => dx.At(image, pixel, dx.At(image, pixel) + col.At(row, column)));
        return dx;
    }

    /// <summary>Throws unless x has one C·H·W image per row.</summary>
    internal static void RequireImages(Matrix<double> x, PatchGrid grid, string step)
    {
        if (x.ColumnCount != grid.Input.Size)
            throw new ShapeMismatchException(
                $"{grid.Owner}.{step}: input is {Shape.Of(x)} but {grid.Input} images need " +
                $"{grid.Input.Channels}·{grid.Input.Height}·{grid.Input.Width} = {grid.Input.Size} columns (one image per row).");
    }

    // The one loop both directions share: for every image n, patch (oh, ow) and value (c, i, j) of it that lies inside the
    // image (not in the padding), visit(n, patch row, patch column, pixel column in x).
    private static void Walk(PatchGrid grid, int images, Action<int, int, int, int> visit)
    {
        var shape = grid.Input;
        for (var n = 0; n < images; n++)
            for (var oh = 0; oh < grid.OutHeight; oh++)
                for (var ow = 0; ow < grid.OutWidth; ow++)
                {
                    var row = (n * grid.OutHeight + oh) * grid.OutWidth + ow;
                    for (var c = 0; c < shape.Channels; c++)
                        for (var i = 0; i < grid.FilterHeight; i++)
                        {
                            var y = oh * grid.Stride - grid.Pad + i;
                            if (y < 0 || y >= shape.Height) continue;
                            for (var j = 0; j < grid.FilterWidth; j++)
                            {
                                var x = ow * grid.Stride - grid.Pad + j;
                                if (x < 0 || x >= shape.Width) continue;
                                visit(n, row, (c * grid.FilterHeight + i) * grid.FilterWidth + j, shape.Column(c, y, x));
                            }
                        }
                }
    }
}
