using Backprop.Layers;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Layers;

/// <summary>The one-pass, vectorised Relu.Forward against the two Map calls it replaced.</summary>
public class ReluMaskTests
{
    private static Matrix<double> MaskByMap(Matrix<double> x) => x.Map(v => v <= 0 ? 0.0 : 1.0, Zeros.Include);

    private static Matrix<double> OutputByMap(Matrix<double> x) => x.Map(v => v <= 0 ? 0.0 : v, Zeros.Include);

    [Fact]
    public void Relu_forward_output_and_mask_equal_the_books_formulas_bit_for_bit_including_nan_infinities_and_zeros()
    {
        foreach (var x in BitExact.EdgeCaseMatrices(seed: 4))
        {
            var (output, mask) = ReluMask.Apply(x);

            BitExact.Equal(OutputByMap(x), output);
            BitExact.Equal(MaskByMap(x), mask);
        }
    }

    [Fact]
    public void Relu_mask_lets_nan_and_positive_infinity_through_and_blocks_negative_infinity_and_both_zeros()
    {
        var x = Matrix<double>.Build.DenseOfArray(new[,] { { double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0 } });

        var (output, mask) = ReluMask.Apply(x);

        BitExact.Equal(Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 1.0, 0.0, 0.0, 0.0 } }), mask);
        Assert.True(double.IsNaN(output[0, 0]));
        Assert.Equal(double.PositiveInfinity, output[0, 1]);
        BitExact.Equal(0.0, output[0, 2], "−∞");
        BitExact.Equal(0.0, output[0, 4], "−0 becomes +0, as max(0, x) in the book");
    }

    [Fact]
    public void Relu_layer_on_a_sparse_input_gives_the_same_output_and_backward_as_on_dense()
    {
        var values = new[,] { { 0.0, 2.0, -1.0 }, { -3.0, 0.0, 0.5 } };
        var sparseLayer = new Relu();
        var denseLayer = new Relu();
        var dout = RandomMatrix.Uniform(2, 3, 5);

        BitExact.Equal(denseLayer.Forward(Matrix<double>.Build.DenseOfArray(values)),
                       sparseLayer.Forward(Matrix<double>.Build.SparseOfArray(values)));
        BitExact.Equal(denseLayer.Backward(dout), sparseLayer.Backward(dout));
    }
}
