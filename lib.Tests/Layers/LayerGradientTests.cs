using Backprop.Gradients;
using Backprop.Layers;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Layers;

/// <summary>
/// Every layer's Backward against central differences. For a random upstream gradient G, the scalar
/// f(x) = Σ Forward(x) ∘ G has ∂f/∂x = Backward(G), so the two must agree element by element.
/// Tolerance 1e-7: the central difference with h = 1e-4 is accurate to about h² ≈ 1e-8 on these smooth inputs.
/// </summary>
public class LayerGradientTests
{
    private const double Tolerance = 1e-7;

    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 }, { 1, 5, 11 }, { 3, 4, 22 }, { 7, 2, 33 }, { 10, 6, 44 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Backward_of_relu_equals_the_numerical_gradient(int rows, int columns, int seed)
    {
        var x = RandomMatrix.AwayFromZero(rows, columns, seed);
        AssertBackwardMatchesNumerical(new Relu(), x, seed);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Backward_of_sigmoid_equals_the_numerical_gradient(int rows, int columns, int seed)
    {
        var x = RandomMatrix.Uniform(rows, columns, seed, -4, 4);
        AssertBackwardMatchesNumerical(new Sigmoid(), x, seed);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Backward_of_affine_equals_the_numerical_gradient_for_x_W_and_b(int rows, int inputs, int seed)
    {
        var outputs = 1 + seed % 5;
        var affine = new Affine(RandomMatrix.Uniform(inputs, outputs, seed + 1), RandomMatrix.Uniform(1, outputs, seed + 2));
        var x = RandomMatrix.Uniform(rows, inputs, seed);
        var g = RandomMatrix.Uniform(rows, outputs, seed + 3);
        double F() => affine.Forward(x).PointwiseMultiply(g).Enumerate().Sum();

        var numericalW = NumericalGradient.Of(F, affine.W.Data);
        var numericalB = NumericalGradient.Of(F, affine.B.Data);
        var numericalX = NumericalGradient.Of(F, x);
        affine.Forward(x);
        var dx = affine.Backward(g);

        Assert.InRange(RandomMatrix.MaxAbsDifference(numericalX, dx), 0, Tolerance);
        Assert.InRange(RandomMatrix.MaxAbsDifference(numericalW, affine.DW!), 0, Tolerance);
        Assert.InRange(RandomMatrix.MaxAbsDifference(numericalB, affine.DB!), 0, Tolerance);
    }

    [Fact]
    public void Backward_of_relu_blocks_gradient_where_input_was_not_positive()
    {
        var relu = new Relu();
        relu.Forward(Matrix<double>.Build.DenseOfArray(new[,] { { -1.0, 0.0, 2.0 } }));
        var dx = relu.Backward(Matrix<double>.Build.DenseOfArray(new[,] { { 5.0, 6.0, 7.0 } }));
        Assert.Equal(new[] { 0.0, 0.0, 7.0 }, dx.Row(0).ToArray());
    }

    [Fact]
    public void Affine_bias_gradient_is_the_column_sum_of_dout_over_the_batch()
    {
        var affine = new Affine(Matrix<double>.Build.Dense(2, 3, 0.5), Matrix<double>.Build.Dense(1, 3));
        affine.Forward(Matrix<double>.Build.Dense(4, 2, 1.0));
        var dout = Matrix<double>.Build.Dense(4, 3, (i, j) => i + 10 * j);
        affine.Backward(dout);
        // Column j of dout is [10j, 10j + 1, 10j + 2, 10j + 3]: its sum is 40j + 6.
        Assert.Equal(new[] { 6.0, 46.0, 86.0 }, affine.DB!.Row(0).ToArray());
        Assert.Equal(1, affine.DB.RowCount);
    }

    private static void AssertBackwardMatchesNumerical(ILayer layer, Matrix<double> x, int seed)
    {
        var g = RandomMatrix.Uniform(x.RowCount, x.ColumnCount, seed + 100);
        var numerical = NumericalGradient.Of(() => layer.Forward(x).PointwiseMultiply(g).Enumerate().Sum(), x);
        layer.Forward(x);
        var backprop = layer.Backward(g);
        Assert.InRange(RandomMatrix.MaxAbsDifference(numerical, backprop), 0, Tolerance);
    }
}
