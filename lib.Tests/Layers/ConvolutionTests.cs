using Backprop.Errors;
using Backprop.Functions;
using Backprop.Gradients;
using Backprop.Layers;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Layers;

/// <summary>
/// Convolution's forward against the definition written as loops (no im2col, no matrix product), its backward for x, W and b
/// against central differences judged by relative error, and its errors.
/// </summary>
public class ConvolutionTests
{
    public static TheoryData<int, int, int, int, int, int, int, int, int> Shapes => new()
    {
        // N, C, H, W, FN, FH, FW, stride, pad
        { 1, 1, 4, 4, 1, 2, 2, 1, 0 },
        { 2, 1, 5, 5, 2, 3, 3, 1, 0 },
        { 2, 1, 5, 5, 3, 3, 3, 2, 1 },
        { 2, 3, 5, 5, 2, 3, 3, 1, 1 },
        { 3, 3, 7, 7, 4, 3, 3, 2, 0 },
        { 2, 3, 6, 4, 2, 2, 2, 2, 1 },
        { 2, 2, 5, 4, 3, 3, 1, 1, 0 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_equals_the_convolution_written_as_loops(int n, int c, int h, int w, int fn, int fh, int fw, int stride, int pad)
    {
        var input = new ImageShape(c, h, w);
        var weights = RandomMatrix.Uniform(c * fh * fw, fn, 1);
        var bias = RandomMatrix.Uniform(1, fn, 2);
        var x = RandomMatrix.Uniform(n, input.Size, 3);
        var conv = new Convolution(weights, bias, input, fh, fw, stride, pad);

        var y = conv.Forward(x);

        Loops.Near(DirectConvolution(x, weights, bias, input, fh, fw, stride, pad), y, 1e-14 * c * fh * fw, "out");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Backward_for_x_W_and_b_agrees_with_central_differences(int n, int c, int h, int w, int fn, int fh, int fw, int stride, int pad)
    {
        var conv = new Convolution(RandomMatrix.Uniform(c * fh * fw, fn, 11), RandomMatrix.Uniform(1, fn, 12),
            new ImageShape(c, h, w), fh, fw, stride, pad, "Conv1");
        var x = RandomMatrix.Uniform(n, c * h * w, 13);
        var g = RandomMatrix.Uniform(n, conv.Output.Size, 14);
        // f = Σ out ∘ g has ∂f/∂out = g, so Backward(g) must be ∂f/∂x, and DW, DB ∂f/∂W, ∂f/∂b.
        double F() => conv.Forward(x).PointwiseMultiply(g).Enumerate().Sum();
        var numerical = new Dictionary<string, Matrix<double>>
        {
            ["x"] = NumericalGradient.Of(F, x),
            ["W"] = NumericalGradient.Of(F, conv.W.Data),
            ["b"] = NumericalGradient.Of(F, conv.B.Data),
        };

        conv.Forward(x);
        var dx = conv.Backward(g);
        var report = GradientCheck.Compare(numerical, new Dictionary<string, Matrix<double>> { ["x"] = dx, ["W"] = conv.DW!, ["b"] = conv.DB! });

        // The layer is linear in each of x, W and b, so the central difference is exact up to rounding: measured 1.3e-7 at
        // worst (a pixel at the edge of a stride-2 grid, whose gradient is one small product), far below the Ok bound 1e-5.
        foreach (var entry in report.Entries)
            Assert.True(entry.RelativeError < 1e-6, $"{entry.Name}: relative error {entry.RelativeError:G3}");
    }

    [Fact]
    public void Output_shape_follows_the_books_formula()
    {
        // (H + 2·pad − FH)/stride + 1 = (28 + 0 − 5)/1 + 1 = 24, the book's SimpleConvNet's first layer.
        var conv = new Convolution(Matrix<double>.Build.Dense(25, 30), Matrix<double>.Build.Dense(1, 30), new ImageShape(1, 28, 28), 5, 5);
        Assert.Equal(new ImageShape(30, 24, 24), conv.Output);
        Assert.Equal((2, 30 * 24 * 24), (conv.Forward(Matrix<double>.Build.Dense(2, 784)).RowCount, conv.Output.Size));
    }

    [Fact]
    public void A_filter_larger_than_the_padded_image_is_rejected_naming_the_layer_and_the_shapes()
    {
        var ex = Assert.Throws<ShapeMismatchException>(() => new Convolution(
            Matrix<double>.Build.Dense(75, 2), Matrix<double>.Build.Dense(1, 2), new ImageShape(3, 4, 4), 5, 5, name: "Conv1"));
        Assert.Equal(
            "Convolution 'Conv1': the 5×5 filter is larger than the 3×4×4 input; a filter must fit inside the image.",
            ex.Message);
    }

    [Fact]
    public void The_same_filter_fits_once_the_image_is_padded_and_a_larger_one_names_the_padded_size()
    {
        var ex = Assert.Throws<ShapeMismatchException>(() => new Convolution(
            Matrix<double>.Build.Dense(147, 2), Matrix<double>.Build.Dense(1, 2), new ImageShape(3, 4, 4), 7, 7, pad: 1, name: "Conv1"));
        Assert.Equal(
            "Convolution 'Conv1': the 7×7 filter is larger than the 3×4×4 input padded by 1 (6×6); a filter must fit inside the padded image.",
            ex.Message);
        var conv = new Convolution(Matrix<double>.Build.Dense(75, 2), Matrix<double>.Build.Dense(1, 2), new ImageShape(3, 4, 4), 5, 5, pad: 1);
        Assert.Equal(new ImageShape(2, 2, 2), conv.Output);
    }

    [Fact]
    public void A_stride_that_does_not_divide_is_rejected_with_the_arithmetic()
    {
        var ex = Assert.Throws<ShapeMismatchException>(() => new Convolution(
            Matrix<double>.Build.Dense(9, 1), Matrix<double>.Build.Dense(1, 1), new ImageShape(1, 6, 6), 3, 3, stride: 2, name: "Conv1"));
        Assert.StartsWith("Convolution 'Conv1': stride 2 does not divide H + 2·pad − FH = 6 + 2·0 − 3 = 3", ex.Message);
        Assert.Contains("1×6×6", ex.Message);
    }

    [Fact]
    public void A_stride_that_divides_the_height_but_not_the_width_names_the_width()
    {
        var ex = Assert.Throws<ShapeMismatchException>(() => new Convolution(
            Matrix<double>.Build.Dense(9, 1), Matrix<double>.Build.Dense(1, 1), new ImageShape(1, 7, 6), 3, 3, stride: 2, name: "Conv1"));
        Assert.Contains("W + 2·pad − FW = 6 + 2·0 − 3 = 3", ex.Message);
    }

    [Fact]
    public void Forward_with_the_wrong_input_width_names_the_layer_and_the_shapes()
    {
        var conv = new Convolution(Matrix<double>.Build.Dense(9, 1), Matrix<double>.Build.Dense(1, 1), new ImageShape(1, 5, 5), 3, 3, name: "Conv1");
        var ex = Assert.Throws<ShapeMismatchException>(() => conv.Forward(Matrix<double>.Build.Dense(2, 24)));
        Assert.Equal("Convolution 'Conv1'.Forward: input is 2×24 but 1×5×5 images need 1·5·5 = 25 columns (one image per row).", ex.Message);
    }

    [Fact]
    public void Weights_with_the_wrong_number_of_rows_or_a_bias_of_the_wrong_width_are_rejected()
    {
        var rows = Assert.Throws<ShapeMismatchException>(() => new Convolution(
            Matrix<double>.Build.Dense(9, 4), Matrix<double>.Build.Dense(1, 4), new ImageShape(3, 5, 5), 3, 3, name: "Conv1"));
        Assert.Contains("W is 9×4 but 3×3×3 filters need 27 rows", rows.Message);
        var bias = Assert.Throws<ShapeMismatchException>(() => new Convolution(
            Matrix<double>.Build.Dense(27, 4), Matrix<double>.Build.Dense(1, 3), new ImageShape(3, 5, 5), 3, 3, name: "Conv1"));
        Assert.Contains("b is 1×3 but W is 27×4", bias.Message);
    }

    // out[n, f, oh, ow] = b[f] + Σ_c Σ_i Σ_j W[(c·FH + i)·FW + j, f] · x[n, c, oh·stride − pad + i, ow·stride − pad + j],
    // a pixel outside the image counting as 0.
    private static Matrix<double> DirectConvolution(
        Matrix<double> x, Matrix<double> w, Matrix<double> b, ImageShape input, int fh, int fw, int stride, int pad)
    {
        int fn = w.ColumnCount;
        int oh = (input.Height + 2 * pad - fh) / stride + 1, ow = (input.Width + 2 * pad - fw) / stride + 1;
        var output = Matrix<double>.Build.Dense(x.RowCount, fn * oh * ow);
        for (var n = 0; n < x.RowCount; n++)
            for (var f = 0; f < fn; f++)
                for (var r = 0; r < oh; r++)
                    for (var s = 0; s < ow; s++)
                    {
                        var sum = b.At(0, f);
                        for (var c = 0; c < input.Channels; c++)
                            for (var i = 0; i < fh; i++)
                                for (var j = 0; j < fw; j++)
                                {
                                    int row = r * stride - pad + i, column = s * stride - pad + j;
                                    if (row < 0 || row >= input.Height || column < 0 || column >= input.Width) continue;
                                    sum += w.At((c * fh + i) * fw + j, f) * x.At(n, (c * input.Height + row) * input.Width + column);
                                }
                        output.At(n, (f * oh + r) * ow + s, sum);
                    }
        return output;
    }
}
