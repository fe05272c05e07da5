using System.Text.Json;

namespace Backprop.Tests.Charts;

/// <summary>The helpers lessons 6 and 7 draw the first-layer weights, the sine loss and its hidden units with, read back as plotly.js JSON.</summary>
public class Lesson6ChartTests
{
    const double Tolerance = 1e-12;

    static JsonElement[] Traces(JsonElement chart) => [.. chart.GetProperty("data").EnumerateArray()];
    static JsonElement Layout(JsonElement chart) => chart.GetProperty("layout");
    static double[] Numbers(JsonElement trace, string key) => [.. trace.GetProperty(key).EnumerateArray().Select(e => e.GetDouble())];

    [Fact]
    public void LossOnLogAxis_draws_every_loss_from_iteration_0_on_a_log_axis()
    {
        var chart = ChartScript.Json(ChartScript.Call("LossOnLogAxis", new double[] { 120, 3.5, 0.02 }));

        var trace = Assert.Single(Traces(chart));
        Assert.Equal([0, 1, 2], Numbers(trace, "x"));
        Assert.Equal([120, 3.5, 0.02], Numbers(trace, "y"));
        Assert.Equal("log", Layout(chart).GetProperty("yaxis").GetProperty("type").GetString());
        Assert.Equal("iteration", Layout(chart).GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    public void LossOnLogAxis_refuses_a_loss_a_log_axis_cannot_show(double bad)
    {
        var ex = Assert.Throws<ArgumentException>(() => ChartScript.Call("LossOnLogAxis", new double[] { 1, bad }));
        Assert.Contains("[1]", ex.Message);
        Assert.Contains("positive", ex.Message);
    }

    [Fact]
    public void WeightImages_lays_the_images_out_in_one_mosaic_each_scaled_by_its_largest_weight_with_zero_gaps()
    {
        var first = Enumerable.Range(0, 784).Select(p => p == 0 ? -4.0 : p == 29 ? 2.0 : 0.0).ToArray();
        var second = Enumerable.Range(0, 784).Select(p => p == 783 ? 0.5 : 0.25).ToArray();
        var third = Enumerable.Range(0, 784).Select(p => p == 27 ? 3.0 : 0.0).ToArray();

        var chart = ChartScript.Json(ChartScript.Call("WeightImages", new List<double[]> { first, second, third }, 2));

        var trace = Assert.Single(Traces(chart));
        var z = trace.GetProperty("z").EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        Assert.Equal(2 * 30 - 2, z.Length);                  // two rows of 28 with a gap of 2
        Assert.All(z, row => Assert.Equal(2 * 30 - 2, row.Length));
        Assert.Equal(-1.0, z[0][0], Tolerance);              // first image ÷ 4
        Assert.Equal(0.5, z[1][1], Tolerance);               // pixel 29 = row 1, column 1
        Assert.Equal(0.5, z[0][30], Tolerance);              // second image ÷ 0.5, to the right after the gap
        Assert.Equal(1.0, z[27][57], Tolerance);             // its last pixel
        Assert.Equal(1.0, z[30][27], Tolerance);             // third image starts the second row
        Assert.All(z, row => Assert.Equal([0.0, 0.0], row[28..30]));
        Assert.All(z[28..30], row => Assert.All(row, v => Assert.Equal(0.0, v)));

        // The colour scale puts white exactly where 0 falls between the smallest (−1) and largest (1) value.
        var stops = trace.GetProperty("colorscale").EnumerateArray().Select(s => (at: s[0].GetDouble(), color: s[1].GetString())).ToArray();
        Assert.Equal(3, stops.Length);
        Assert.Equal((0.5, "rgba(255, 255, 255, 1.0)"), (stops[1].at, stops[1].color));
        Assert.Equal("reversed", Layout(chart).GetProperty("yaxis").GetProperty("autorange").GetString());
    }

    [Fact]
    public void WeightImages_names_a_vector_that_is_not_a_28_by_28_image()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            ChartScript.Call("WeightImages", new List<double[]> { new double[784], new double[783] }, 10));
        Assert.Contains("weights[1]", ex.Message);
        Assert.Contains("783", ex.Message);
        Assert.Throws<ArgumentException>(() => ChartScript.Call("WeightImages", new List<double[]>(), 10));
    }

    [Fact]
    public void HiddenUnitsSum_draws_each_unit_thin_and_their_sum_plus_the_bias_in_bold()
    {
        double[] x = [0, 0.5, 1];
        var units = new List<double[]> { new double[] { 1, 2, 3 }, new double[] { -1, 0, 4 } };

        var chart = ChartScript.Json(ChartScript.Call("HiddenUnitsSum", x, units, 0.5, new double[] { 0, 1 }, new double[] { 1, 7 }));

        var traces = Traces(chart);
        Assert.Equal(1 + 2 + 2, traces.Length);              // data, two units, bias, sum
        Assert.Equal([1, 7], Numbers(traces[0], "y"));
        Assert.Equal([-1, 0, 4], Numbers(traces[2], "y"));
        Assert.True(traces[1].GetProperty("showlegend").GetBoolean());
        Assert.False(traces[2].GetProperty("showlegend").GetBoolean());   // one legend entry for all units
        Assert.Equal([0.5, 0.5], Numbers(traces[3], "y"));
        Assert.Equal([0.5, 2.5, 7.5], Numbers(traces[4], "y"));
        Assert.Contains("sum", traces[4].GetProperty("name").GetString());
    }

    [Fact]
    public void HiddenUnitsSum_names_a_unit_of_the_wrong_length()
    {
        var ex = Assert.Throws<ArgumentException>(() => ChartScript.Call("HiddenUnitsSum",
            new double[] { 0, 1 }, new List<double[]> { new double[] { 1, 2 }, new double[] { 1 } }, 0.0, new double[] { 0 }, new double[] { 0 }));
        Assert.Contains("contributions[1]", ex.Message);
    }
}
