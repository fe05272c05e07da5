using Backprop.Functions;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Functions;

public class SoftmaxTests
{
    [Theory]
    [InlineData(1000.0)]
    [InlineData(-1000.0)]
    public void Softmax_stays_finite_for_scores_of_plus_or_minus_1000(double scale)
    {
        var scores = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 2.0, 3.0 }, { 3.0, 1.0, 1.0 } }) * scale;
        var y = Activations.Softmax(scores);
        Assert.All(y.Enumerate(), v => Assert.True(double.IsFinite(v)));
        for (var i = 0; i < y.RowCount; i++) Assert.Equal(1.0, y.Row(i).Sum(), 1e-12);
    }

    [Fact]
    public void Softmax_uses_each_rows_own_maximum()
    {
        // Row 0 sits 1000 above row 1: one maximum for the whole batch would underflow row 1 to 0/0.
        var scores = Matrix<double>.Build.DenseOfArray(new[,] { { 1000.0, 1001.0 }, { 0.0, 1.0 } });
        var y = Activations.Softmax(scores);
        var expected = 1.0 / (1.0 + Math.E);
        Assert.Equal(expected, y[0, 0], 1e-12);
        Assert.Equal(expected, y[1, 0], 1e-12);
    }

    [Fact]
    public void Softmax_rows_sum_to_one_and_keep_the_order_of_scores()
    {
        var scores = RandomMatrix.Uniform(6, 4, 3, -5, 5);
        var y = Activations.Softmax(scores);
        for (var i = 0; i < y.RowCount; i++)
        {
            Assert.Equal(1.0, y.Row(i).Sum(), 1e-12);
            Assert.Equal(scores.Row(i).MaximumIndex(), y.Row(i).MaximumIndex());
        }
    }

    [Fact]
    public void Softmax_does_not_change_its_input()
    {
        var scores = RandomMatrix.Uniform(3, 3, 4);
        var before = scores.Clone();
        Activations.Softmax(scores);
        Assert.Equal(0.0, RandomMatrix.MaxAbsDifference(before, scores));
    }
}
