using System.Text.Json;

namespace Backprop.Tests.Charts;

/// <summary>The charts of lessons 3 and 5: gradient size per layer, and y, t and y − t side by side.</summary>
public class GradientChartTests
{
    static JsonElement[] Traces(JsonElement chart) => [.. chart.GetProperty("data").EnumerateArray()];
    static JsonElement Axis(JsonElement chart, string axis) => chart.GetProperty("layout").GetProperty(axis);
    static double[] Numbers(JsonElement trace, string key) => [.. trace.GetProperty(key).EnumerateArray().Select(e => e.GetDouble())];

    [Fact]
    public void GradientsPerLayer_draws_one_named_line_per_network_on_a_log_axis_with_layers_numbered_from_one()
    {
        var series = new List<(string, double[])> { ("sigmoid", [0.25, 0.01, 1e-4]), ("ReLU", [1.0, 0.9, 1.1]) };
        var chart = ChartScript.Json(ChartScript.Call("GradientsPerLayer", series, "Vanishing", "mean |dx|"));

        var traces = Traces(chart);
        Assert.Equal(["sigmoid", "ReLU"], traces.Select(t => t.GetProperty("name").GetString()));
        Assert.Equal([0.25, 0.01, 1e-4], Numbers(traces[0], "y"));
        Assert.Equal([1, 2, 3], Numbers(traces[1], "x"));
        Assert.Equal("log", Axis(chart, "yaxis").GetProperty("type").GetString());
        Assert.Equal("power", Axis(chart, "yaxis").GetProperty("exponentformat").GetString());
        Assert.Equal("mean |dx|", Axis(chart, "yaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.True(chart.GetProperty("layout").GetProperty("showlegend").GetBoolean());
    }

    [Fact]
    public void GroupedBars_draws_one_bar_trace_per_series_over_the_categories_with_room_for_negative_bars()
    {
        var series = new List<(string, double[])> { ("y", [0.3, 0.2, 0.5]), ("t", [0, 1, 0]), ("y − t", [0.3, -0.8, 0.5]) };
        var chart = ChartScript.Json(ChartScript.Call("GroupedBars", new[] { "0", "1", "2" }, series, "y − t", "value", null));

        var traces = Traces(chart);
        Assert.All(traces, t => Assert.Equal("bar", t.GetProperty("type").GetString()));
        Assert.Equal(["y", "t", "y − t"], traces.Select(t => t.GetProperty("name").GetString()));
        Assert.Equal([0.3, -0.8, 0.5], Numbers(traces[2], "y"));
        Assert.Equal(["0", "1", "2"], traces[0].GetProperty("x").EnumerateArray().Select(e => e.GetString()));
        var range = Numbers(Axis(chart, "yaxis"), "range");
        Assert.True(range[0] < -0.8 && range[1] > 1, $"y range {range[0]}..{range[1]} must show −0.8 and 1 with their labels");
    }

    [Fact]
    public void GroupedBars_with_a_given_range_uses_it_so_that_two_charts_compare()
    {
        var series = new List<(string, double[])> { ("y − t", [0.01, -0.01, 0]) };
        var chart = ChartScript.Json(ChartScript.Call("GroupedBars", new[] { "0", "1", "2" }, series, "small", "value", Tuple.Create(-1.1, 1.2)));
        Assert.Equal([-1.1, 1.2], Numbers(Axis(chart, "yaxis"), "range"));
    }

    public static TheoryData<string, string, object?[]> BadInputs() => new()
    {
        { "GradientsPerLayer", "series", [new List<(string, double[])>(), "t", "y"] },
        { "GradientsPerLayer", "series", [new List<(string, double[])> { ("a", [1.0, 0.0]) }, "t", "y"] },
        { "GradientsPerLayer", "series", [new List<(string, double[])> { ("a", [1.0, 2.0]), ("b", [1.0]) }, "t", "y"] },
        { "GradientsPerLayer", "series[0].values", [new List<(string, double[])> { ("a", [double.NaN]) }, "t", "y"] },
        { "GroupedBars", "series", [new[] { "a", "b" }, new List<(string, double[])> { ("y", [1.0]) }, "t", "y", null] },
        { "GroupedBars", "categories", [Array.Empty<string>(), new List<(string, double[])> { ("y", [1.0]) }, "t", "y", null] },
        { "GroupedBars", "yTitle", [new[] { "a" }, new List<(string, double[])> { ("y", [1.0]) }, "t", " ", null] },
        { "GroupedBars", "yRange", [new[] { "a" }, new List<(string, double[])> { ("y", [2.0]) }, "t", "y", Tuple.Create(0.0, 1.0)] },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_throws_an_ArgumentException_naming_the_argument(string helper, string argument, object?[] arguments)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => ChartScript.Call(helper, arguments));
        Assert.Equal(argument, error.ParamName);
    }
}
