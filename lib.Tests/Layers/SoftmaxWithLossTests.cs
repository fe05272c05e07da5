using Backprop.Errors;
using Backprop.Functions;
using Backprop.Gradients;
using Backprop.Layers;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Layers;

public class SoftmaxWithLossTests
{
    [Theory]
    [InlineData(1, 3, 1)]
    [InlineData(4, 10, 2)]
    [InlineData(9, 5, 3)]
    public void Index_and_one_hot_labels_give_the_same_loss_and_gradient(int rows, int classes, int seed)
    {
        var scores = RandomMatrix.Uniform(rows, classes, seed, -3, 3);
        var indices = RandomMatrix.Labels(rows, classes, seed);
        var byIndex = new SoftmaxWithLoss();
        var byOneHot = new SoftmaxWithLoss();

        var lossIndex = byIndex.Forward(scores, indices);
        var lossOneHot = byOneHot.Forward(scores, Labels.OneHot(indices, classes));

        Assert.Equal(lossIndex, lossOneHot, 1e-12);
        Assert.InRange(RandomMatrix.MaxAbsDifference(byIndex.Backward(), byOneHot.Backward()), 0, 1e-15);
    }

    [Theory]
    [InlineData(1, 3, 4)]
    [InlineData(5, 10, 5)]
    [InlineData(8, 4, 6)]
    public void Backward_equals_the_numerical_gradient_of_the_loss(int rows, int classes, int seed)
    {
        var scores = RandomMatrix.Uniform(rows, classes, seed, -3, 3);
        int[] labels = RandomMatrix.Labels(rows, classes, seed);
        var layer = new SoftmaxWithLoss();

        var numerical = NumericalGradient.Of(() => layer.Forward(scores, labels), scores);
        layer.Forward(scores, labels);
        var backprop = layer.Backward();

        // (Y − T)/N is the exact gradient of −log(y), while the loss computes −log(y + ε) like the book (ε = 1e-7): its
        // exact gradient is row n of (Y − T)/N times y/(y + ε), y the true class's probability. Against that, the central
        // difference agrees to rounding (verdict ok); against Backward, each row is off by ε/(y + ε) relative, so the
        // element's relative error is ε/(2y + ε) at most — large where the true class is improbable.
        var y = layer.Y!;
        var corrected = Matrix<double>.Build.Dense(rows, classes, (i, j) => backprop[i, j] * y[i, labels[i]] / (y[i, labels[i]] + Losses.CrossEntropyDelta));
        Assert.Equal(GradientVerdict.Ok, GradientCheck.Compare("scores", numerical, corrected).Verdict);
        var smallest = Enumerable.Range(0, rows).Min(i => y[i, labels[i]]);
        var delta = Losses.CrossEntropyDelta;
        Assert.InRange(GradientCheck.Compare("scores", numerical, backprop).RelativeError, 0, delta / (2 * smallest + delta) + GradientCheck.OkBelow);
    }

    [Fact]
    public void Backward_is_probabilities_minus_one_hot_over_batch_size()
    {
        // Scores whose softmax is known exactly: [0, 0] → [1/2, 1/2]; [ln 3, 0] → [3/4, 1/4]; [0, ln 3] → [1/4, 3/4].
        var scores = Matrix<double>.Build.DenseOfArray(new[,] { { 0.0, 0.0 }, { Math.Log(3), 0.0 }, { 0.0, Math.Log(3) } });
        int[] labels = [1, 0, 0];
        var layer = new SoftmaxWithLoss();
        layer.Forward(scores, labels);

        // (y − t)/3: row 0 [1/2, 1/2 − 1]/3, row 1 [3/4 − 1, 1/4]/3, row 2 [1/4 − 1, 3/4]/3.
        var expected = Matrix<double>.Build.DenseOfArray(new[,] { { 1 / 6.0, -1 / 6.0 }, { -1 / 12.0, 1 / 12.0 }, { -1 / 4.0, 1 / 4.0 } });
        Assert.InRange(RandomMatrix.MaxAbsDifference(expected, layer.Backward()), 0, 1e-15);
    }

    [Fact]
    public void Backward_scales_with_the_upstream_gradient()
    {
        var scores = RandomMatrix.Uniform(2, 3, 8);
        var layer = new SoftmaxWithLoss();
        layer.Forward(scores, new[] { 1, 0 });
        var once = layer.Backward(1.0);
        var twice = layer.Backward(2.0);
        Assert.InRange(RandomMatrix.MaxAbsDifference(once * 2.0, twice), 0, 1e-15);
    }

    [Fact]
    public void Loss_is_the_mean_cross_entropy_of_the_probabilities()
    {
        var scores = Matrix<double>.Build.DenseOfArray(new[,] { { 0.0, 0.0 }, { Math.Log(3.0), 0.0 } });
        var loss = new SoftmaxWithLoss().Forward(scores, new[] { 0, 0 });
        // Row 0: p = 1/2; row 1: p = 3/4.
        var expected = -(Math.Log(0.5 + 1e-7) + Math.Log(0.75 + 1e-7)) / 2;
        Assert.Equal(expected, loss, 1e-12);
    }

    [Fact]
    public void A_label_out_of_range_names_the_label_its_row_and_the_class_count()
    {
        var layer = new SoftmaxWithLoss("Loss1");
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => layer.Forward(Matrix<double>.Build.Dense(3, 10), new[] { 1, 12, 3 }));
        Assert.Contains("label 12", ex.Message);
        Assert.Contains("row 1", ex.Message);
        Assert.Contains("10 classes", ex.Message);
        Assert.Contains("'Loss1'", ex.Message);
    }

    [Fact]
    public void A_negative_label_is_rejected_with_its_row()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new SoftmaxWithLoss().Forward(Matrix<double>.Build.Dense(2, 3), new[] { -1, 0 }));
        Assert.Contains("label -1", ex.Message);
        Assert.Contains("row 0", ex.Message);
    }

    [Fact]
    public void Fewer_labels_than_score_rows_names_both_counts()
    {
        var ex = Assert.Throws<ShapeMismatchException>(() => new SoftmaxWithLoss("Loss1").Forward(Matrix<double>.Build.Dense(3, 10), new[] { 1, 2 }));
        Assert.Contains("3×10", ex.Message);
        Assert.Contains("2 labels", ex.Message);
        Assert.Contains("'Loss1'.Forward", ex.Message);
    }

    [Fact]
    public void One_hot_labels_of_another_shape_name_both_shapes()
    {
        var ex = Assert.Throws<ShapeMismatchException>(
            () => new SoftmaxWithLoss().Forward(Matrix<double>.Build.Dense(3, 10), Matrix<double>.Build.Dense(3, 9)));
        Assert.Contains("3×10", ex.Message);
        Assert.Contains("3×9", ex.Message);
    }

    [Fact]
    public void An_empty_label_batch_is_rejected()
    {
        Assert.ThrowsAny<ArgumentException>(() => new SoftmaxWithLoss().Forward(Matrix<double>.Build.Dense(1, 3), Array.Empty<int>()));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void A_non_finite_score_is_reported_with_its_row_and_column(double bad)
    {
        var scores = Matrix<double>.Build.Dense(2, 3);
        scores[1, 2] = bad;
        var ex = Assert.Throws<NonFiniteLossException>(() => new SoftmaxWithLoss("Loss1").Forward(scores, new[] { 0, 1 }));
        Assert.Contains("'Loss1'", ex.Message);
        Assert.Contains("row 1, column 2", ex.Message);
    }

    [Fact]
    public void Backward_before_forward_says_so()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new SoftmaxWithLoss().Backward());
        Assert.Contains("before Forward", ex.Message);
    }
}
