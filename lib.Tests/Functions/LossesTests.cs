using Backprop.Errors;
using Backprop.Functions;
using Backprop.Gradients;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Functions;

public class LossesTests
{
    [Fact]
    public void Cross_entropy_of_a_certain_right_answer_is_about_zero_and_uses_the_1e_7_delta()
    {
        var y = Matrix<double>.Build.DenseOfArray(new[,] { { 0.0, 1.0 } });
        Assert.Equal(-Math.Log(1 + 1e-7), Losses.CrossEntropy(y, new[] { 1 }), 1e-15);
        // A probability of exactly 0 for the right class costs −log(1e-7) ≈ 16.1, not ∞.
        Assert.Equal(-Math.Log(1e-7), Losses.CrossEntropy(y, new[] { 0 }), 1e-12);
    }

    [Fact]
    public void Cross_entropy_is_the_mean_over_the_batch_for_indices_and_one_hot()
    {
        var y = Matrix<double>.Build.DenseOfArray(new[,] { { 0.2, 0.8 }, { 0.6, 0.4 } });
        var expected = -(Math.Log(0.8 + 1e-7) + Math.Log(0.6 + 1e-7)) / 2;
        Assert.Equal(expected, Losses.CrossEntropy(y, new[] { 1, 0 }), 1e-12);
        Assert.Equal(expected, Losses.CrossEntropy(y, Labels.OneHot([1, 0], 2)), 1e-12);
    }

    [Fact]
    public void One_hot_puts_a_single_one_in_each_row_at_the_label()
    {
        var t = Labels.OneHot([2, 0, 1], 4);
        Assert.Equal(3, t.RowCount);
        Assert.Equal(4, t.ColumnCount);
        Assert.Equal(new[] { 1.0, 1.0, 1.0 }, t.RowSums().ToArray());
        Assert.Equal(1.0, t[0, 2]);
        Assert.Equal(1.0, t[1, 0]);
        Assert.Equal(1.0, t[2, 1]);
    }

    [Fact]
    public void One_hot_rejects_a_label_outside_the_classes_naming_it_and_its_row()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Labels.OneHot([0, 4], 4));
        Assert.Contains("label 4", ex.Message);
        Assert.Contains("row 1", ex.Message);
        Assert.Contains("4 classes", ex.Message);
    }

    [Fact]
    public void Half_mean_squared_error_is_half_the_mean_of_squared_differences_and_its_gradient_matches()
    {
        var y = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0 }, { 2.0 }, { 4.0 } });
        var t = Matrix<double>.Build.DenseOfArray(new[,] { { 0.0 }, { 4.0 }, { 1.0 } });
        // Differences [1, −2, 3], squares 1 + 4 + 9 = 14, over 2·3 rows: 14/6 = 7/3.
        Assert.Equal(7.0 / 3.0, Losses.HalfMeanSquaredError(y, t), 1e-15);
        // Its gradient (y − t)/N = [1/3, −2/3, 1].
        Assert.Equal(new[] { 1 / 3.0, -2 / 3.0, 1.0 }, Losses.HalfMeanSquaredErrorGradient(y, t).Column(0).ToArray());

        var numerical = NumericalGradient.Of(() => Losses.HalfMeanSquaredError(y, t), y);
        Assert.InRange(RandomMatrix.MaxAbsDifference(numerical, Losses.HalfMeanSquaredErrorGradient(y, t)), 0, 1e-9);
    }

    [Fact]
    public void Half_mean_squared_error_with_targets_of_another_shape_names_both_shapes()
    {
        var ex = Assert.Throws<ShapeMismatchException>(() => Losses.HalfMeanSquaredError(Matrix<double>.Build.Dense(5, 1), Matrix<double>.Build.Dense(1, 5)));
        Assert.Contains("5×1", ex.Message);
        Assert.Contains("1×5", ex.Message);
    }

    [Theory]
    [InlineData(-2.0)]
    [InlineData(-0.3)]
    [InlineData(0.7)]
    [InlineData(3.0)]
    public void Sigmoid_and_relu_derivatives_match_central_differences(double x)
    {
        const double h = 1e-5;
        Assert.Equal((Activations.Sigmoid(x + h) - Activations.Sigmoid(x - h)) / (2 * h), Activations.SigmoidDerivative(x), 1e-9);
        Assert.Equal((Activations.Relu(x + h) - Activations.Relu(x - h)) / (2 * h), Activations.ReluDerivative(x), 1e-9);
    }

    [Fact]
    public void Relu_derivative_at_zero_is_zero_like_the_layers_mask()
    {
        Assert.Equal(0.0, Activations.ReluDerivative(0.0));
        Assert.Equal(0.0, Activations.Relu(-3.0));
        Assert.Equal(0.5, Activations.Sigmoid(0.0), 1e-15);
    }

    [Fact]
    public void Cross_entropy_of_a_nan_probability_names_the_function_and_the_cell()
    {
        var y = Matrix<double>.Build.DenseOfArray(new[,] { { 0.5, 0.5 }, { double.NaN, 0.5 } });
        var ex = Assert.Throws<NonFiniteLossException>(() => Losses.CrossEntropy(y, new[] { 0, 0 }));
        Assert.Contains("CrossEntropy", ex.Message);
        Assert.Contains("row 1, column 0", ex.Message);
    }

    [Fact]
    public void Half_mean_squared_error_of_an_infinite_output_is_reported_not_returned()
    {
        var y = Matrix<double>.Build.DenseOfArray(new[,] { { double.PositiveInfinity }, { 1.0 } });
        var ex = Assert.Throws<NonFiniteLossException>(() => Losses.HalfMeanSquaredError(y, Matrix<double>.Build.Dense(2, 1)));
        Assert.Contains("HalfMeanSquaredError", ex.Message);
        Assert.Contains("row 0, column 0", ex.Message);
    }

    [Fact]
    public void Labels_from_one_hot_rows_give_back_the_class_indices()
    {
        Labels labels = Labels.OneHot([3, 0, 2], 4);
        Assert.True(labels.IsOneHot);
        Assert.Equal(3, labels.Count);
        Assert.Equal([3, 0, 2], labels.ToIndices());
        Assert.Equal(2, labels.ClassOf(2));
    }
}
