using Backprop.Errors;
using Backprop.Functions;
using Backprop.Gradients;
using Backprop.Layers;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Layers;

/// <summary>
/// Max pooling against a hand-worked example, against the max written as loops, its backward against central differences
/// (on data without ties, so every window has one clear winner), and its errors.
/// </summary>
public class PoolingTests
{
    [Fact]
    public void Forward_and_backward_of_a_4x4_image_worked_by_hand()
    {
        // 1 2 | 0 3        four 2×2 windows at stride 2; their maxima: 5 at (1, 1), 7 at (1, 2), 9 at (2, 0), 4 at (3, 2)
        // 4 5 | 7 6
        // ----+----
        // 9 0 | 1 1
        // 2 8 | 4 2
        var x = Loops.Rows([1, 2, 0, 3, 4, 5, 7, 6, 9, 0, 1, 1, 2, 8, 4, 2]);
        var pool = new Pooling(new ImageShape(1, 4, 4), 2, 2, 2);

        var y = pool.Forward(x);
        var dx = pool.Backward(Loops.Rows([10, 20, 30, 40]));

        Loops.Near(Loops.Rows([5, 7, 9, 4]), y, 0, "out");
        // Each window's gradient lands on its max: 5 at (1,1), 7 at (1,2), 9 at (2,0), 4 at (3,2).
        Loops.Near(Loops.Rows([0, 0, 0, 0, 0, 10, 20, 0, 30, 0, 0, 0, 0, 0, 40, 0]), dx, 0, "dx");
    }

    public static TheoryData<int, int, int, int, int, int, int> Shapes => new()
    {
        // N, C, H, W, PH, PW, stride
        { 1, 1, 4, 4, 2, 2, 2 },
        { 2, 3, 4, 6, 2, 2, 2 },
        { 2, 2, 5, 5, 3, 3, 1 },   // overlapping windows: one pixel can win in several
        { 3, 3, 6, 6, 3, 3, 3 },
        { 2, 1, 5, 7, 3, 1, 2 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_is_the_largest_value_of_each_window_by_loops(int n, int c, int h, int w, int ph, int pw, int stride)
    {
        var input = new ImageShape(c, h, w);
        var x = RandomMatrix.Uniform(n, input.Size, 21);
        var pool = new Pooling(input, ph, pw, stride);

        var y = pool.Forward(x);

        int oh = (h - ph) / stride + 1, ow = (w - pw) / stride + 1;
        var expected = Matrix<double>.Build.Dense(n, c * oh * ow);
        for (var image = 0; image < n; image++)
            for (var ch = 0; ch < c; ch++)
                for (var r = 0; r < oh; r++)
                    for (var s = 0; s < ow; s++)
                    {
                        var max = double.NegativeInfinity;
                        for (var i = 0; i < ph; i++)
                            for (var j = 0; j < pw; j++)
                                max = Math.Max(max, x.At(image, (ch * h + r * stride + i) * w + s * stride + j));
                        expected.At(image, (ch * oh + r) * ow + s, max);
                    }
        Loops.Near(expected, y, 0, "out");
        Assert.Equal(new ImageShape(c, oh, ow), pool.Output);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Backward_agrees_with_central_differences(int n, int c, int h, int w, int ph, int pw, int stride)
    {
        var input = new ImageShape(c, h, w);
        // Distinct values at least 0.01 apart (a shuffled ladder), so a ±1e-4 nudge never changes a window's winner.
        var x = Ladder(n, input.Size, 31);
        var pool = new Pooling(input, ph, pw, stride, "Pool1");
        var g = RandomMatrix.Uniform(n, pool.Output.Size, 32);

        var numerical = NumericalGradient.Of(() => pool.Forward(x).PointwiseMultiply(g).Enumerate().Sum(), x);
        pool.Forward(x);
        var entry = GradientCheck.Compare("x", numerical, pool.Backward(g));

        Assert.True(entry.RelativeError < 1e-7, $"relative error {entry.RelativeError:G3}");
    }

    [Fact]
    public void Where_a_window_has_equal_maxima_the_first_one_row_by_row_takes_the_gradient()
    {
        var pool = new Pooling(new ImageShape(1, 2, 2), 2, 2, 2);
        pool.Forward(Loops.Rows([1, 3, 3, 3]));
        Loops.Near(Loops.Rows([0, 1, 0, 0]), pool.Backward(Loops.Rows([1])), 0, "dx");
    }

    [Fact]
    public void A_NaN_in_a_window_comes_out_as_the_windows_value()
    {
        var y = new Pooling(new ImageShape(1, 2, 4), 2, 2, 2).Forward(Loops.Rows([1, 2, 5, 6, double.NaN, 3, 7, 8]));
        Assert.True(double.IsNaN(y.At(0, 0)));
        Assert.Equal(8.0, y.At(0, 1));
    }

    [Fact]
    public void A_window_larger_than_the_image_is_rejected_naming_the_layer_and_the_shapes()
    {
        var ex = Assert.Throws<ShapeMismatchException>(() => new Pooling(new ImageShape(30, 3, 3), 4, 4, 4, "Pool1"));
        Assert.Equal(
            "Pooling 'Pool1': the 4×4 pooling window is larger than the 30×3×3 input; a pooling window must fit inside the image.",
            ex.Message);
    }

    [Fact]
    public void A_stride_that_does_not_divide_is_rejected()
    {
        // 2×2 pooling at stride 2 on a 5×5 image would leave its last row and column out.
        var ex = Assert.Throws<ShapeMismatchException>(() => new Pooling(new ImageShape(1, 5, 5), 2, 2, 2, "Pool1"));
        Assert.StartsWith("Pooling 'Pool1': stride 2 does not divide H + 2·pad − FH = 5 + 2·0 − 2 = 3", ex.Message);
    }

    [Fact]
    public void Forward_with_the_wrong_input_width_names_the_layer_and_the_shapes()
    {
        var pool = new Pooling(new ImageShape(30, 24, 24), 2, 2, 2, "Pool1");
        var ex = Assert.Throws<ShapeMismatchException>(() => pool.Forward(Matrix<double>.Build.Dense(2, 576)));
        Assert.Equal("Pooling 'Pool1'.Forward: input is 2×576 but 30×24×24 images need 30·24·24 = 17280 columns (one image per row).", ex.Message);
    }

    private static Matrix<double> Ladder(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        var steps = Enumerable.Range(0, rows * columns).Select(k => -1 + 0.01 * k).OrderBy(_ => random.Next()).ToArray();
        return Matrix<double>.Build.Dense(rows, columns, (i, j) => steps[i * columns + j]);
    }
}
