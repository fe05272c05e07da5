using System.Text.Json;

namespace Backprop.Tests.Charts;

/// <summary>The chart helpers lesson 9 added to lib/Charts/Charts.csx, run with small data; the plotly.js JSON is read back.</summary>
public class TrainingBetterChartTests
{
    static JsonElement[] Traces(JsonElement chart) => [.. chart.GetProperty("data").EnumerateArray()];
    static JsonElement Layout(JsonElement chart) => chart.GetProperty("layout");
    static double[] Numbers(JsonElement trace, string key) => [.. trace.GetProperty(key).EnumerateArray().Select(e => e.GetDouble())];

    [Fact]
    public void Trajectories_draws_level_lines_the_path_and_the_minimum_in_one_subplot_per_path()
    {
        var chart = ChartScript.Json(ChartScript.Call("Trajectories",
            new List<(string, double[], double[])> { ("A", [-7, -5, -1], [2, 1, 0]), ("B", [-7, 0], [2, 0]) },
            new List<(double[], double[])> { ([-1, 0, 1], [0, 1, 0]) }, (0.0, 0.0), (-10.0, 10.0), (-3.0, 3.0)));

        var traces = Traces(chart);
        Assert.Equal(6, traces.Length);   // per subplot: one level line, the path, the minimum
        Assert.Equal([-7, -5, -1], Numbers(traces[1], "x"));
        Assert.Equal([2, 0], Numbers(traces[4], "y"));
        Assert.Equal("x2", traces[4].GetProperty("xaxis").GetString());
        Assert.Equal([-3, 3], Numbers(Layout(chart).GetProperty("yaxis2"), "range"));
        Assert.Equal(1, Layout(chart).GetProperty("grid").GetProperty("rows").GetInt32());
        Assert.False(Layout(chart).GetProperty("showlegend").GetBoolean());
    }

    [Fact]
    public void HistogramGrid_counts_values_into_equal_bins_and_draws_each_bar_as_an_outline()
    {
        var chart = ChartScript.Json(ChartScript.Call("HistogramGrid", new[] { "row" }, new[] { "layer 1", "layer 2" },
            new List<IReadOnlyList<double[]>> { new List<double[]> { new[] { 0.1, 0.2, 0.9, 1.0, 1.5 }, new[] { 0.5 } } }, 0.0, 1.0, 2, null));

        var traces = Traces(chart);
        Assert.Equal(2, traces.Length);
        // [0, 0.5): 0.1 and 0.2; [0.5, 1]: 0.9 and 1.0 (the top edge counts); 1.5 is outside the range.
        Assert.Equal([0, 2, 2, 0, 0, 2, 2, 0], Numbers(traces[0], "y"));
        Assert.Equal([0, 0, 0.5, 0.5, 0.5, 0.5, 1, 1], Numbers(traces[0], "x"));
        Assert.Equal([0, 0, 0, 0, 0, 1, 1, 0], Numbers(traces[1], "y"));
        Assert.Equal("row", Layout(chart).GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void LossCurves_draws_one_moving_average_per_run_on_a_log_axis()
    {
        var chart = ChartScript.Json(ChartScript.Call("LossCurves",
            new List<(string, IReadOnlyList<double>)> { ("SGD", new double[] { 4, 2, 6, 0.5 }), ("Adam", new double[] { 1, 1 }) }, 2, true, "Loss"));

        var traces = Traces(chart);
        Assert.Equal(2, traces.Length);
        Assert.Equal([4, 3, 4, 3.25], Numbers(traces[0], "y"));
        Assert.Equal("Adam", traces[1].GetProperty("name").GetString());
        Assert.Equal("log", Layout(chart).GetProperty("yaxis").GetProperty("type").GetString());
    }

    [Fact]
    public void AccuracyRuns_draws_train_solid_and_test_dashed_per_run_at_their_epochs()
    {
        var chart = ChartScript.Json(ChartScript.Call("AccuracyRuns",
            new List<(string, IReadOnlyList<double>, IReadOnlyList<double>)> { ("plain", new[] { 0.1, 0.5, 0.9 }, new[] { 0.1, 0.4, 0.6 }) }, 10, "epoch", "Accuracy"));

        var traces = Traces(chart);
        Assert.Equal(2, traces.Length);
        Assert.Equal([0, 10, 20], Numbers(traces[0], "x"));
        Assert.Equal("dash", traces[1].GetProperty("line").GetProperty("dash").GetString());
        Assert.Equal([0, 1], Numbers(Layout(chart).GetProperty("yaxis"), "range"));
    }

    public static TheoryData<string, string, object?[]> BadInputs() => new()
    {
        { "Trajectories", "paths", [new List<(string, double[], double[])>(), new List<(double[], double[])>(), (0.0, 0.0), (-1.0, 1.0), (-1.0, 1.0)] },
        { "Trajectories", "paths", [new List<(string, double[], double[])> { ("A", new[] { 1.0 }, new[] { 1.0, 2.0 }) }, new List<(double[], double[])>(), (0.0, 0.0), (-1.0, 1.0), (-1.0, 1.0)] },
        { "Trajectories", "xRange", [new List<(string, double[], double[])> { ("A", new[] { 1.0 }, new[] { 1.0 }) }, new List<(double[], double[])>(), (0.0, 0.0), (1.0, 1.0), (-1.0, 1.0)] },
        { "HistogramGrid", "values", [new[] { "a", "b" }, new[] { "c" }, new List<IReadOnlyList<double[]>> { new List<double[]> { new[] { 0.5 } } }, 0.0, 1.0, 30, null] },
        { "HistogramGrid", "bins", [new[] { "a" }, new[] { "c" }, new List<IReadOnlyList<double[]>> { new List<double[]> { new[] { 0.5 } } }, 0.0, 1.0, 0, null] },
        { "LossCurves", "runs", [new List<(string, IReadOnlyList<double>)> { ("SGD", new double[] { 1, 0 }) }, 0, true, "Loss"] },
        { "LossCurves", "runs", [new List<(string, IReadOnlyList<double>)>(), 0, true, "Loss"] },
        { "AccuracyRuns", "runs", [new List<(string, IReadOnlyList<double>, IReadOnlyList<double>)> { ("a", new[] { 0.5 }, new[] { 0.5, 0.6 }) }, 1, "epoch", "Accuracy"] },
        { "AccuracyRuns", "xStep", [new List<(string, IReadOnlyList<double>, IReadOnlyList<double>)> { ("a", new[] { 0.5 }, new[] { 0.5 }) }, 0, "epoch", "Accuracy"] },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_throws_an_ArgumentException_naming_the_argument(string helper, string argument, object?[] arguments)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => ChartScript.Call(helper, arguments));
        Assert.Equal(argument, error.ParamName);
    }
}
