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
        var col = new double[x.RowCount * grid.PatchesPerImage * grid.PatchSize];
        CopyPatches(x, grid, col);
        return Matrix<double>.Build.Dense(x.RowCount * grid.PatchesPerImage, grid.PatchSize, col);
    }

    // im2col into col, column-major (N·OH·OW) × (C·FH·FW). Values in the padding are never written: col must hold zeros
    // there, which a buffer reused for the same grid and batch size keeps (lib.Performance's FastSimpleConvNet reuses one).
    internal static void CopyPatches(Matrix<double> x, PatchGrid grid, double[] col)
    {
        int images = x.RowCount, patches = grid.PatchesPerImage, size = grid.PatchSize, rows = images * patches;
        var pixels = ColumnMajor(x);
        var pixelOf = grid.PixelOf;
        // Storage is column-major: (row, column) of col is col[column·rows + row]; (n, pixel) of x is pixels[pixel·N + n].
        for (var n = 0; n < images; n++)
            for (var p = 0; p < patches; p++)
                for (var k = 0; k < size; k++)
                {
                    var pixel = pixelOf[p * size + k];
                    if (pixel >= 0) col[k * rows + n * patches + p] = pixels[pixel * images + n];
                }
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
        int patches = grid.PatchesPerImage, size = grid.PatchSize, rows = col.RowCount, images = rows / patches;
        var values = ColumnMajor(col);
        var pixelOf = grid.PixelOf;
        var dx = new double[images * grid.Input.Size];
        // +=, not =: overlapping patches share pixels, and each patch's gradient adds to theirs.
        // Each pixel still collects its patches' values in the order of the patches (p ascending), so the sums do not depend on
        // the nesting; the innermost loop, over the images, writes one column of dx from start to end.
        for (var p = 0; p < patches; p++)
            for (var k = 0; k < size; k++)
            {
                var pixel = pixelOf[p * size + k];
                if (pixel < 0) continue;
                for (var n = 0; n < images; n++) dx[pixel * images + n] += values[k * rows + n * patches + p];
            }
        return Matrix<double>.Build.Dense(images, grid.Input.Size, dx);
    }

    /// <summary>Throws unless x has one C·H·W image per row.</summary>
    internal static void RequireImages(Matrix<double> x, PatchGrid grid, string step)
    {
        if (x.ColumnCount != grid.Input.Size)
            throw new ShapeMismatchException(
                $"{grid.Owner}.{step}: input is {Shape.Of(x)} but {grid.Input} images need " +
                $"{grid.Input.Channels}·{grid.Input.Height}·{grid.Input.Width} = {grid.Input.Size} columns (one image per row).");
    }

    // A matrix's values in MathNet's column-major order: the dense storage itself (not copied), or a copy of another kind.
    internal static double[] ColumnMajor(Matrix<double> m) => m.AsColumnMajorArray() ?? m.ToColumnMajorArray();
}
