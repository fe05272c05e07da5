using Backprop.Errors;
using Backprop.Layers;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Layers;

/// <summary>Dropout: the mask drawn in Forward and reused in Backward, inference scaling, ratio 0, seeded repeats, errors.</summary>
public class DropoutTests
{
    [Fact]
    public void Backward_lets_the_gradient_through_exactly_where_forward_kept_the_unit()
    {
        var layer = new Dropout(0.5, seed: 1);
        var x = RandomMatrix.AwayFromZero(6, 5, 2);  // no zeros, so a 0 in the output means "dropped"
        var y = layer.Forward(x);
        var dout = RandomMatrix.Uniform(6, 5, 3);

        var dx = layer.Backward(dout);

        var kept = 0;
        for (var i = 0; i < 6; i++)
            for (var j = 0; j < 5; j++)
            {
                var wasKept = y.At(i, j) != 0;
                Assert.Equal(wasKept ? x.At(i, j) : 0.0, y.At(i, j));
                Assert.Equal(wasKept ? dout.At(i, j) : 0.0, dx.At(i, j));
                if (wasKept) kept++;
            }
        Assert.InRange(kept, 1, 29);  // some dropped, some kept
        Assert.Equal(0.0, RandomMatrix.MaxAbsDifference(dx, layer.Backward(dout)));  // a second Backward: the same mask
    }

    [Theory]
    [InlineData(0.2, 3)]
    [InlineData(0.5, 4)]
    [InlineData(0.8, 5)]
    public void Backward_agrees_with_central_differences_for_the_mask_it_drew(double ratio, int seed)
    {
        // Every training Forward draws a new mask, so the function to differentiate is the one with the first mask: a fresh
        // layer of the same seed draws exactly that mask on its first Forward.
        var x = RandomMatrix.Uniform(5, 4, seed);
        var g = RandomMatrix.Uniform(5, 4, seed + 10);
        var numerical = Backprop.Gradients.NumericalGradient.Of(
            () => new Dropout(ratio, seed).Forward(x).PointwiseMultiply(g).Enumerate().Sum(), x);
        var layer = new Dropout(ratio, seed);
        layer.Forward(x);
        Assert.InRange(RandomMatrix.MaxAbsDifference(numerical, layer.Backward(g)), 0, 1e-10);
    }

    [Fact]
    public void Each_training_forward_draws_a_new_mask_keeping_about_one_minus_ratio()
    {
        var layer = new Dropout(0.3, seed: 4);
        var ones = Matrix<double>.Build.Dense(200, 50, 1.0);
        var first = layer.Forward(ones);
        var second = layer.Forward(ones);

        Assert.NotEqual(0.0, RandomMatrix.MaxAbsDifference(first, second));
        // 10,000 draws kept with probability 0.7: standard deviation √(10⁴·0.7·0.3) ≈ 46, so ±300 is over six of them.
        Assert.InRange(first.Enumerate().Sum(), 6_700, 7_300);
        Assert.Equal(0.0, RandomMatrix.MaxAbsDifference(second, layer.Mask!));
    }

    [Fact]
    public void The_mask_is_the_seeded_generators_draws_row_by_row_compared_with_the_ratio()
    {
        var layer = new Dropout(0.4, seed: 7);
        layer.Forward(Matrix<double>.Build.Dense(3, 4, 1.0));
        var random = new Random(7);
        var expected = Matrix<double>.Build.Dense(3, 4);
        for (var i = 0; i < 3; i++)
            for (var j = 0; j < 4; j++)
                expected.At(i, j, random.NextDouble() >= 0.4 ? 1 : 0);
        Assert.Equal(0.0, RandomMatrix.MaxAbsDifference(expected, layer.Mask!));
    }

    [Fact]
    public void The_same_seed_repeats_the_same_masks_and_another_seed_does_not()
    {
        var x = RandomMatrix.Uniform(10, 8, 5);
        var a = new Dropout(0.5, seed: 11);
        var b = new Dropout(0.5, seed: 11);
        var c = new Dropout(0.5, seed: 12);
        for (var k = 0; k < 3; k++)
        {
            var ya = a.Forward(x);
            Assert.Equal(0.0, RandomMatrix.MaxAbsDifference(ya, b.Forward(x)));
            Assert.NotEqual(0.0, RandomMatrix.MaxAbsDifference(ya, c.Forward(x)));
        }
    }

    [Fact]
    public void Inference_keeps_every_unit_scaled_by_one_minus_ratio_and_so_does_its_backward()
    {
        var layer = new Dropout(0.2, seed: 3);
        layer.Forward(RandomMatrix.Uniform(4, 3, 1));
        var trainingMask = layer.Mask!;
        layer.Training = false;
        var x = Loops.Rows([1.0, -2.0, 5.0], [0.5, 0.0, -10.0]);

        var y = layer.Forward(x);
        var dx = layer.Backward(Loops.Rows([1.0, 1.0, 1.0], [2.0, 3.0, 4.0]));

        Loops.Near(Loops.Rows([0.8, -1.6, 4.0], [0.4, 0.0, -8.0]), y, 1e-15, "inference output");
        Loops.Near(Loops.Rows([0.8, 0.8, 0.8], [1.6, 2.4, 3.2]), dx, 1e-15, "inference dx");
        Assert.Equal(0.0, RandomMatrix.MaxAbsDifference(trainingMask, layer.Mask!));  // inference draws nothing
        // The expected output in training, 0.8·x, is what inference gives: the next layer sees the same scale.
    }

    [Fact]
    public void Ratio_zero_keeps_every_unit_unchanged()
    {
        var layer = new Dropout(0.0, seed: 0);
        var x = RandomMatrix.Uniform(50, 20, 8);
        var dout = RandomMatrix.Uniform(50, 20, 9);
        Assert.Equal(0.0, RandomMatrix.MaxAbsDifference(x, layer.Forward(x)));
        Assert.Equal(0.0, RandomMatrix.MaxAbsDifference(dout, layer.Backward(dout)));
        layer.Training = false;
        Assert.Equal(0.0, RandomMatrix.MaxAbsDifference(x, layer.Forward(x)));
    }

    [Fact]
    public void Backward_uses_the_mode_of_the_last_forward()
    {
        var layer = new Dropout(0.5, seed: 5);
        var x = RandomMatrix.AwayFromZero(4, 4, 6);
        layer.Forward(x);
        var mask = layer.Mask!;
        layer.Training = false;
        var dout = Matrix<double>.Build.Dense(4, 4, 1.0);
        Assert.Equal(0.0, RandomMatrix.MaxAbsDifference(mask, layer.Backward(dout)));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void A_ratio_outside_zero_to_one_is_refused_naming_the_layer(double ratio)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(ratio, name: "Dropout3"));
        Assert.Contains("Dropout 'Dropout3'", ex.Message);
    }

    [Fact]
    public void Backward_keeps_the_layer_contract()
    {
        var layer = new Dropout(0.5, name: "Dropout1");
        Assert.Null(layer.Mask);
        var before = Assert.Throws<InvalidOperationException>(() => layer.Backward(Matrix<double>.Build.Dense(2, 2)));
        Assert.Contains("Dropout 'Dropout1'.Backward", before.Message);

        layer.Forward(RandomMatrix.Uniform(3, 4, 1));
        var wrong = Assert.Throws<ShapeMismatchException>(() => layer.Backward(Matrix<double>.Build.Dense(4, 3)));
        Assert.Contains("4×3", wrong.Message);
        Assert.Contains("3×4", wrong.Message);

        var dout = RandomMatrix.Uniform(3, 4, 2);
        var copy = dout.Clone();
        Assert.NotSame(dout, layer.Backward(dout));
        Assert.Equal(0.0, RandomMatrix.MaxAbsDifference(copy, dout));
        var empty = Assert.ThrowsAny<ArgumentException>(() => layer.Forward(Matrix<double>.Build.Dense(0, 4)));
        Assert.Contains("empty batch", empty.Message);
    }
}
