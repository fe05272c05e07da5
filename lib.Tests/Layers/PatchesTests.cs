using Backprop.Errors;
using Backprop.Functions;
using Backprop.Tests.TestSupport;

namespace Backprop.Tests.Layers;

/// <summary>
/// im2col against patches written out by hand, and col2im against its defining property: col2im(im2col(x)) is x with each
/// pixel multiplied by the number of patches it belongs to, that number counted here by a loop over positions.
/// </summary>
public class PatchesTests
{
    [Fact]
    public void Im2col_of_a_3x3_image_with_a_2x2_filter_gives_its_four_patches_as_rows()
    {
        // The image  1 2 3 / 4 5 6 / 7 8 9, one row of the batch matrix.
        var x = Loops.Rows([1, 2, 3, 4, 5, 6, 7, 8, 9]);
        var grid = new PatchGrid(new ImageShape(1, 3, 3), 2, 2);

        var col = Patches.Im2Col(x, grid);

        Loops.Near(Loops.Rows([1, 2, 4, 5], [2, 3, 5, 6], [4, 5, 7, 8], [5, 6, 8, 9]), col, 0, "col");
    }

    [Fact]
    public void Im2col_with_pad_1_and_stride_2_reads_zeros_from_the_padding()
    {
        // 1×2×2 image [1 2 / 3 4] padded by 1 is 4×4; a 2×2 filter at stride 2 sits at (−1,−1), (−1,1), (1,−1), (1,1).
        var x = Loops.Rows([1, 2, 3, 4]);
        var grid = new PatchGrid(new ImageShape(1, 2, 2), 2, 2, stride: 2, pad: 1);

        var col = Patches.Im2Col(x, grid);

        Loops.Near(Loops.Rows([0, 0, 0, 1], [0, 0, 2, 0], [0, 3, 0, 0], [4, 0, 0, 0]), col, 0, "col");
    }

    [Fact]
    public void Im2col_puts_the_channels_of_a_patch_side_by_side_and_the_images_one_after_the_other()
    {
        // Two images of 2×2×2; a 2×2 filter has one position, so each image gives one row of all its 8 pixels, channel 0 first.
        var x = Loops.Rows([1, 2, 3, 4, 5, 6, 7, 8], [9, 10, 11, 12, 13, 14, 15, 16]);
        var grid = new PatchGrid(new ImageShape(2, 2, 2), 2, 2);

        var col = Patches.Im2Col(x, grid);

        Loops.Near(x, col, 0, "col");
    }

    public static TheoryData<int, int, int, int, int, int, int> Geometries => new()
    {
        // C, H, W, FH, FW, stride, pad
        { 1, 4, 4, 2, 2, 1, 0 },
        { 1, 5, 5, 3, 3, 1, 1 },
        { 3, 5, 5, 3, 3, 2, 0 },
        { 3, 6, 4, 2, 2, 2, 1 },
        { 2, 7, 5, 3, 1, 2, 1 },
        { 1, 28, 28, 5, 5, 1, 0 },
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Col2im_of_im2col_multiplies_each_pixel_by_the_number_of_patches_it_is_in(int c, int h, int w, int fh, int fw, int stride, int pad)
    {
        var shape = new ImageShape(c, h, w);
        var grid = new PatchGrid(shape, fh, fw, stride, pad);
        var x = RandomMatrix.Uniform(2, shape.Size, 7);

        var back = Patches.Col2Im(Patches.Im2Col(x, grid), grid);

        Assert.Equal((2 * grid.PatchesPerImage, c * fh * fw), (Patches.Im2Col(x, grid).RowCount, grid.PatchSize));
        for (var n = 0; n < 2; n++)
            for (var ch = 0; ch < c; ch++)
                for (var i = 0; i < h; i++)
                    for (var j = 0; j < w; j++)
                    {
                        var count = Memberships(i, h, fh, stride, pad) * Memberships(j, w, fw, stride, pad);
                        var k = shape.Column(ch, i, j);
                        Assert.True(Math.Abs(x.At(n, k) * count - back.At(n, k)) <= 1e-15 * count,
                            $"image {n}, pixel ({ch}, {i}, {j}): in {count} patches, expected {x.At(n, k) * count:R}, got {back.At(n, k):R}");
                    }
    }

    [Fact]
    public void Col2im_of_a_5x5_image_with_3x3_filters_counts_9_at_the_centre_and_1_in_the_corners()
    {
        var grid = new PatchGrid(new ImageShape(1, 5, 5), 3, 3);
        var ones = Loops.Rows(Enumerable.Repeat(1.0, 25).ToArray());

        var counts = Patches.Col2Im(Patches.Im2Col(ones, grid), grid);

        // Row by row: positions 0..2 cover rows 0..2, 1..3, 2..4, so row i is in 1, 2, 3, 2, 1 of them; a pixel is in the product.
        double[] perSide = [1, 2, 3, 2, 1];
        var expected = Loops.Rows([.. from i in perSide from j in perSide select i * j]);
        Loops.Near(expected, counts, 0, "counts");
    }

    [Fact]
    public void Im2col_rejects_a_batch_of_the_wrong_width_naming_the_shapes()
    {
        var grid = new PatchGrid(new ImageShape(3, 4, 4), 2, 2, owner: "Conv 'c'");
        var ex = Assert.Throws<ShapeMismatchException>(() => Patches.Im2Col(RandomMatrix.Uniform(2, 47, 1), grid));
        Assert.Contains("2×47", ex.Message);
        Assert.Contains("3×4×4", ex.Message);
        Assert.Contains("48 columns", ex.Message);
    }

    [Fact]
    public void Col2im_rejects_a_col_of_the_wrong_shape()
    {
        var grid = new PatchGrid(new ImageShape(1, 4, 4), 2, 2);
        var ex = Assert.Throws<ShapeMismatchException>(() => Patches.Col2Im(RandomMatrix.Uniform(10, 4, 1), grid));
        Assert.Contains("10×4", ex.Message);
        Assert.Contains("N·9 rows", ex.Message);
    }

    [Theory]
    [InlineData(0, 1, 0)]   // a zero-sized filter
    [InlineData(2, 0, 0)]   // stride 0 would never move
    [InlineData(2, 1, -1)]  // negative padding
    public void Sizes_that_are_not_positive_are_rejected_as_out_of_range(int filter, int stride, int pad)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PatchGrid(new ImageShape(1, 4, 4), filter, filter, stride, pad));
    }

    [Fact]
    public void An_image_without_channels_is_rejected_as_out_of_range()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PatchGrid(new ImageShape(0, 4, 4), 2, 2));
    }

    // In how many window positions along one side (0..OH−1) pixel i lies: those with 0 ≤ i + pad − o·stride < filter.
    private static int Memberships(int i, int side, int filter, int stride, int pad)
    {
        var count = 0;
        for (var o = 0; o * stride + filter <= side + 2 * pad; o++)
            if (i + pad - o * stride >= 0 && i + pad - o * stride < filter) count++;
        return count;
    }
}
