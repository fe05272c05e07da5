using Backprop.Diagrams;

namespace Backprop.Tests.Diagrams;

public class NumberTextTests
{
    [Theory]
    [InlineData(2 * 100 * 1.1, "220")]       // 220.00000000000003 in doubles
    [InlineData(1.1 * 2, "2.2")]             // 2.2000000000000002
    [InlineData(110.00000000000001, "110")]
    [InlineData(0.1 + 0.2, "0.3")]
    [InlineData(-3.5, "-3.5")]
    [InlineData(0.0, "0")]
    [InlineData(1.2345e-7, "1.2345e-7")]
    [InlineData(6.02e23, "6.02e+23")]
    [InlineData(double.NaN, "NaN")]
    public void Numbers_are_shown_without_floating_point_noise(double value, string expected) =>
        Assert.Equal(expected, NumberText.Format(value));
}
