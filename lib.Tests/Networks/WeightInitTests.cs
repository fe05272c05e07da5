using Backprop.Networks;
using MathNet.Numerics.Statistics;

namespace Backprop.Tests.Networks;

/// <summary>Xavier and He: the standard deviation from the number of inputs (rows of W in the book's layout).</summary>
public class WeightInitTests
{
    [Theory]
    [InlineData(100, 50)]
    [InlineData(50, 400)]
    public void Xavier_and_He_use_the_fan_in_and_have_the_stated_spread(int fanIn, int fanOut)
    {
        var xavier = Initializers.Xavier(fanIn, fanOut, new Random(1));
        var he = Initializers.He(fanIn, fanOut, new Random(2));
        Assert.Equal((fanIn, fanOut), (he.RowCount, he.ColumnCount));
        // 20,000 samples: the sample std is within ~0.5 % of σ (its standard error is σ/√(2n)); 3 % leaves room.
        Assert.InRange(xavier.Enumerate().StandardDeviation() / Math.Sqrt(1.0 / fanIn), 0.97, 1.03);
        Assert.InRange(he.Enumerate().StandardDeviation() / Math.Sqrt(2.0 / fanIn), 0.97, 1.03);
        Assert.InRange(he.Enumerate().Mean(), -0.03 * Math.Sqrt(2.0 / fanIn), 0.03 * Math.Sqrt(2.0 / fanIn));
    }

    [Fact]
    public void WeightInit_names_and_stds()
    {
        Assert.Equal(0.1, WeightInit.Xavier.StdFor(100), 15);
        Assert.Equal(Math.Sqrt(0.02), WeightInit.He.StdFor(100), 15);
        Assert.Equal(0.01, WeightInit.Std(0.01).StdFor(784));
        Assert.Equal("std 0.01", WeightInit.Std(0.01).Name);
        Assert.Throws<ArgumentOutOfRangeException>(() => WeightInit.Std(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Initializers.HeStd(0));
    }
}
