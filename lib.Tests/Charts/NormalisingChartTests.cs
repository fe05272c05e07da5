using System.Text.Json;

namespace Backprop.Tests.Charts;

/// <summary>The chart helpers lesson 10 added to lib/Charts/Charts.csx, run with small data; the plotly.js JSON is read back.</summary>
public class NormalisingChartTests
{
    static JsonElement[] Traces(JsonElement chart) => [.. chart.GetProperty("data").EnumerateArray()];
    static JsonElement Layout(JsonElement chart) => chart.GetProperty("layout");
    static double[] Numbers(JsonElement trace, string key) => [.. trace.GetProperty(key).EnumerateArray().Select(e => e.GetDouble())];

    static List<(string, IReadOnlyList<(string, IReadOnlyList<double>)>)> Panels(params string[] titles) =>
        [.. titles.Select(t => (t, (IReadOnlyList<(string, IReadOnlyList<double>)>)new List<(string, IReadOnlyList<double>)>
        {
            ("with", new[] { 0.1, 0.5, 0.9 }), ("without", new[] { 0.1, 0.2, 0.3 }),
        }))];

    [Fact]
    public void AccuracyGrid_draws_each_panels_curves_first_solid_then_dashed_on_0_to_1_axes()
    {
        var chart = ChartScript.Json(ChartScript.Call("AccuracyGrid", Panels("std 1", "std 0.1", "std 0.01", "std 0.001"), 3, 2, "epoch", "title"));

        var traces = Traces(chart);
        Assert.Equal(8, traces.Length);   // two curves in each of four panels
        Assert.Equal([0, 2, 4], Numbers(traces[0], "x"));
        Assert.Equal([0.1, 0.2, 0.3], Numbers(traces[3], "y"));
        Assert.Equal("solid", traces[2].GetProperty("line").GetProperty("dash").GetString());
        Assert.Equal("dash", traces[3].GetProperty("line").GetProperty("dash").GetString());
        Assert.Equal("x4", traces[7].GetProperty("xaxis").GetString());
        Assert.Equal([0, 1], Numbers(Layout(chart).GetProperty("yaxis4"), "range"));
        Assert.Equal(2, Layout(chart).GetProperty("grid").GetProperty("rows").GetInt32());
        Assert.Equal(3, Layout(chart).GetProperty("grid").GetProperty("columns").GetInt32());
    }

    [Fact]
    public void PointGroups_draws_one_trace_of_markers_per_group_on_log_axes()
    {
        var chart = ChartScript.Json(ChartScript.Call("PointGroups",
            new List<(string, double[], double[])> { ("good", [1e-3, 1e-2], [1e-6, 1e-5]), ("bad", [1e-5], [1e-8]) },
            "learning rate", "weight decay", "Search", true, true));

        var traces = Traces(chart);
        Assert.Equal(2, traces.Length);
        Assert.Equal("markers", traces[0].GetProperty("mode").GetString());
        Assert.Equal([1e-5], Numbers(traces[1], "x"));
        Assert.Equal("bad", traces[1].GetProperty("name").GetString());
        Assert.Equal("log", Layout(chart).GetProperty("xaxis").GetProperty("type").GetString());
        Assert.Equal("log", Layout(chart).GetProperty("yaxis").GetProperty("type").GetString());
    }

    public static TheoryData<string, string, object?[]> BadInputs() => new()
    {
        { "AccuracyGrid", "panels", [Panels(), 3, 1, "epoch", null] },
        { "AccuracyGrid", "columns", [Panels("a"), 0, 1, "epoch", null] },
        { "AccuracyGrid", "xStep", [Panels("a"), 3, 0, "epoch", null] },
        { "PointGroups", "groups", [new List<(string, double[], double[])> { ("a", new[] { 1.0 }, new[] { 1.0, 2.0 }) }, "x", "y", "t", true, true] },
        { "PointGroups", "groups", [new List<(string, double[], double[])> { ("a", new[] { 0.0 }, new[] { 1.0 }) }, "x", "y", "t", true, true] },
        { "PointGroups", "groups", [new List<(string, double[], double[])>(), "x", "y", "t", true, true] },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_throws_an_ArgumentException_naming_the_argument(string helper, string argument, object?[] arguments)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => ChartScript.Call(helper, arguments));
        Assert.Equal(argument, error.ParamName);
    }
}
