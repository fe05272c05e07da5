using Backprop.Data;

namespace Backprop.Tests.Data;

public class TwoMoonsTests
{
    [Fact]
    public void Same_seed_gives_the_same_points_and_a_different_seed_does_not()
    {
        var (a, la) = TwoMoons.Create(50, 0.1, seed: 3);
        var (b, lb) = TwoMoons.Create(50, 0.1, seed: 3);
        var (c, _) = TwoMoons.Create(50, 0.1, seed: 4);
        Assert.Equal(a, b);
        Assert.Equal(la, lb);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Without_noise_every_point_lies_on_its_arc_and_the_classes_are_balanced()
    {
        var (x, labels) = TwoMoons.Create(101, noise: 0);
        Assert.Equal((101, 2), (x.RowCount, x.ColumnCount));
        Assert.Equal(51, labels.Count(l => l == 1));
        Assert.Equal(50, labels.Count(l => l == 0));
        for (var i = 0; i < x.RowCount; i++)
        {
            // Class 1: unit circle around (0, 0), upper half. Class 0: unit circle around (1, 0.5), lower half.
            var (cx, cy, side) = labels[i] == 1 ? (0.0, 0.0, 1.0) : (1.0, 0.5, -1.0);
            Assert.Equal(1, Math.Sqrt(Math.Pow(x[i, 0] - cx, 2) + Math.Pow(x[i, 1] - cy, 2)), 1e-12);
            Assert.True(side * (x[i, 1] - cy) >= -1e-12);
        }
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TwoMoons.Create(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TwoMoons.Create(10, noise: -0.1));
    }
}
