using Backprop.Errors;
using Backprop.Layers;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Layers;

/// <summary>What every layer promises besides its math: no mutation of dout, clear errors on misuse.</summary>
public class LayerContractTests
{
    public static TheoryData<string> LayerKinds => new() { "Relu", "Sigmoid", "Affine", "Convolution", "Pooling" };

    // The image layers ignore inputs and outputs: they take 1×2×2 images (4 columns) and give 4 columns (one 1×1 filter, a
    // 1×1 pooling window), so the tests below can give every layer the same 4-column batches.

    private static ILayer Create(string kind, int inputs, int outputs) => kind switch
    {
        "Relu" => new Relu("Relu1"),
        "Sigmoid" => new Sigmoid("Sigmoid1"),
        "Affine" => new Affine(RandomMatrix.Uniform(inputs, outputs, 5), RandomMatrix.Uniform(1, outputs, 6), "Affine1"),
        "Convolution" => new Convolution(RandomMatrix.Uniform(1, 1, 5), RandomMatrix.Uniform(1, 1, 6), new(1, 2, 2), 1, 1, name: "Conv1"),
        "Pooling" => new Pooling(new(1, 2, 2), 1, 1, 1, "Pool1"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(LayerKinds))]
    public void Backward_does_not_mutate_dout(string kind)
    {
        var layer = Create(kind, 4, 4);
        var x = RandomMatrix.Uniform(3, 4, 1);  // about half negative, so Relu has something to block
        layer.Forward(x);
        var dout = RandomMatrix.Uniform(3, 4, 2);
        var before = dout.Clone();

        var dx = layer.Backward(dout);

        Assert.Equal(0.0, RandomMatrix.MaxAbsDifference(before, dout));  // exact: not one element changed
        Assert.NotSame(dout, dx);
    }

    [Theory]
    [MemberData(nameof(LayerKinds))]
    public void Backward_before_forward_throws_invalid_operation_naming_the_layer(string kind)
    {
        var layer = Create(kind, 2, 2);
        var ex = Assert.Throws<InvalidOperationException>(() => layer.Backward(Matrix<double>.Build.Dense(1, 2)));
        Assert.Contains($"'{layer.Name}'", ex.Message);
        Assert.Contains("before Forward", ex.Message);
    }

    [Theory]
    [MemberData(nameof(LayerKinds))]
    public void Backward_with_dout_of_another_shape_names_the_layer_and_both_shapes(string kind)
    {
        var layer = Create(kind, 4, 4);
        layer.Forward(RandomMatrix.Uniform(3, 4, 1));
        var ex = Assert.Throws<ShapeMismatchException>(() => layer.Backward(Matrix<double>.Build.Dense(2, 4)));
        Assert.Contains($"{kind} '{layer.Name}'.Backward", ex.Message);
        Assert.Contains("2×4", ex.Message);
        Assert.Contains("3×4", ex.Message);
    }

    [Fact]
    public void Affine_forward_with_wrong_input_columns_names_the_layer_and_both_shapes()
    {
        var affine = new Affine(Matrix<double>.Build.Dense(4, 2), Matrix<double>.Build.Dense(1, 2), "Affine1");
        var ex = Assert.Throws<ShapeMismatchException>(() => affine.Forward(Matrix<double>.Build.Dense(3, 5)));
        Assert.Equal("Affine 'Affine1'.Forward: input is 3×5 but W is 4×2 (input columns must equal W rows).", ex.Message);
    }

    [Fact]
    public void Affine_rejects_a_bias_that_is_not_one_row_per_output()
    {
        var ex = Assert.Throws<ShapeMismatchException>(
            () => new Affine(Matrix<double>.Build.Dense(4, 2), Matrix<double>.Build.Dense(2, 1), "Affine1"));
        Assert.Contains("'Affine1'", ex.Message);
        Assert.Contains("2×1", ex.Message);
        Assert.Contains("4×2", ex.Message);
    }

    [Fact]
    public void Affine_forward_adds_the_bias_row_to_every_sample()
    {
        var w = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 2.0 }, { 3.0, 4.0 } });
        var b = Matrix<double>.Build.DenseOfArray(new[,] { { 10.0, 20.0 } });
        var x = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 0.0 }, { 0.0, 1.0 }, { 1.0, 1.0 } });

        var y = new Affine(w, b).Forward(x);

        // x·W rows: [1, 0]·W = [1, 2], [0, 1]·W = [3, 4], [1, 1]·W = [4, 6]; then + [10, 20] on each.
        var expected = Matrix<double>.Build.DenseOfArray(new[,] { { 11.0, 22.0 }, { 13.0, 24.0 }, { 14.0, 26.0 } });
        Assert.Equal(0.0, RandomMatrix.MaxAbsDifference(expected, y));
    }

    [Theory]
    [MemberData(nameof(LayerKinds))]
    public void Forward_of_an_empty_batch_is_rejected_naming_the_layer(string kind)
    {
        var layer = Create(kind, 3, 2);
        var ex = Assert.ThrowsAny<ArgumentException>(() => layer.Forward(Matrix<double>.Build.Dense(0, 3)));
        Assert.Contains($"'{layer.Name}'.Forward", ex.Message);
        Assert.Contains("empty batch", ex.Message);
    }

    [Fact]
    public void Relu_forward_keeps_nan_so_divergence_is_not_hidden()
    {
        // The book's Relu zeroes only where x <= 0; NaN is not <= 0 and must come out as NaN, or a diverged
        // network would look healthy after its first Relu.
        var y = new Relu().Forward(Matrix<double>.Build.DenseOfArray(new[,] { { double.NaN, -1.0, 2.0 } }));
        Assert.True(double.IsNaN(y[0, 0]));
        Assert.Equal(0.0, y[0, 1]);
        Assert.Equal(2.0, y[0, 2]);
    }
}
