using Backprop.Errors;
using Backprop.Layers;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Layers;

/// <summary>Affine's forward and backward against the formulas written out element by element, and its BackwardToParameters.</summary>
public class AffineFastPathTests
{
    public static TheoryData<int, int, int> Shapes => new() { { 1, 1, 1 }, { 3, 4, 5 }, { 7, 3, 2 }, { 100, 50, 10 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_equals_the_product_plus_the_bias_added_element_by_element_bit_for_bit(int rows, int inputs, int outputs)
    {
        var w = RandomMatrix.Uniform(inputs, outputs, 1);
        var b = RandomMatrix.Uniform(1, outputs, 2);
        var x = RandomMatrix.Uniform(rows, inputs, 3);
        var product = x * w;
        var expected = Matrix<double>.Build.Dense(rows, outputs, (i, j) => product.At(i, j) + b.At(0, j));

        BitExact.Equal(expected, new Affine(w, b).Forward(x));
    }

    [Fact]
    public void Forward_of_a_sparse_batch_equals_forward_of_the_same_dense_batch()
    {
        var values = new[,] { { 0.0, 1.5, 0.0 }, { 0.0, 0.0, 0.0 }, { -2.0, 0.0, 0.25 } };
        var w = RandomMatrix.Uniform(3, 2, 4);
        var b = RandomMatrix.Uniform(1, 2, 5);

        var fromSparse = new Affine(w, b).Forward(Matrix<double>.Build.SparseOfArray(values));
        var fromDense = new Affine(w, b).Forward(Matrix<double>.Build.DenseOfArray(values));

        Assert.InRange(RandomMatrix.MaxAbsDifference(fromDense, fromSparse), 0, 1e-15);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Backward_gives_dx_dW_and_db_as_the_formulas_written_out_bit_for_bit(int rows, int inputs, int outputs)
    {
        var affine = new Affine(RandomMatrix.Uniform(inputs, outputs, 1), RandomMatrix.Uniform(1, outputs, 2));
        var x = RandomMatrix.Uniform(rows, inputs, 3);
        var dout = RandomMatrix.Uniform(rows, outputs, 4);
        affine.Forward(x);

        var dx = affine.Backward(dout);

        BitExact.Equal(dout.TransposeAndMultiply(affine.W.Value), dx);
        BitExact.Equal(x.TransposeThisAndMultiply(dout), affine.W.Gradient);
        var db = Matrix<double>.Build.Dense(1, outputs);
        for (var j = 0; j < outputs; j++)
            for (var i = 0; i < rows; i++) db.At(0, j, db.At(0, j) + dout.At(i, j));
        BitExact.Equal(db, affine.B.Gradient);
    }

    [Fact]
    public void Backward_to_parameters_fills_the_same_gradients_as_backward_and_leaves_dout_alone()
    {
        var w = RandomMatrix.Uniform(6, 4, 1);
        var b = RandomMatrix.Uniform(1, 4, 2);
        var x = RandomMatrix.Uniform(5, 6, 3);
        var dout = RandomMatrix.Uniform(5, 4, 4);
        var full = new Affine(w.Clone(), b.Clone());
        var parametersOnly = new Affine(w.Clone(), b.Clone());
        full.Forward(x);
        parametersOnly.Forward(x);
        var doutBefore = dout.Clone();

        full.Backward(dout);
        parametersOnly.BackwardToParameters(dout);

        BitExact.Equal(full.W.Gradient, parametersOnly.W.Gradient);
        BitExact.Equal(full.B.Gradient, parametersOnly.B.Gradient);
        BitExact.Equal(doutBefore, dout);
        Assert.NotEqual(0.0, parametersOnly.W.Gradient.FrobeniusNorm());
    }

    [Fact]
    public void Backward_to_parameters_before_forward_names_the_layer_and_the_method()
    {
        var affine = new Affine(Matrix<double>.Build.Dense(2, 2), Matrix<double>.Build.Dense(1, 2), "Affine1");

        var ex = Assert.Throws<InvalidOperationException>(() => affine.BackwardToParameters(Matrix<double>.Build.Dense(1, 2)));

        Assert.StartsWith("Affine 'Affine1'.BackwardToParameters was called before Forward", ex.Message);
    }

    [Fact]
    public void Backward_to_parameters_with_dout_of_another_shape_names_both_shapes()
    {
        var affine = new Affine(Matrix<double>.Build.Dense(4, 3), Matrix<double>.Build.Dense(1, 3), "Affine1");
        affine.Forward(Matrix<double>.Build.Dense(2, 4));

        var ex = Assert.Throws<ShapeMismatchException>(() => affine.BackwardToParameters(Matrix<double>.Build.Dense(2, 4)));

        Assert.Equal("Affine 'Affine1'.BackwardToParameters: dout is 2×4 but Forward produced 2×3 (dout must have the output's shape).", ex.Message);
    }
}
