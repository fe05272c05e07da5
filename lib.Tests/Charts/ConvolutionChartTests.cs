using System.Text.Json;

namespace Backprop.Tests.Charts;

/// <summary>The chart helpers lesson 11 added to lib/Charts/Charts.csx, run with small data; the plotly.js JSON is read back.</summary>
public class ConvolutionChartTests
{
    static JsonElement[] Traces(JsonElement chart) => [.. chart.GetProperty("data").EnumerateArray()];
    static JsonElement Layout(JsonElement chart) => chart.GetProperty("layout");

    [Fact]
    public void NumberGrid_draws_the_matrix_row_0_on_top_with_each_number_written_in_its_cell()
    {
        var chart = ChartScript.Json(ChartScript.Call("NumberGrid",
            new List<double[]> { new[] { 1.0, 2, 2 }, new[] { 2.0, 4.5, 0 } }, "counts"));

        var trace = Assert.Single(Traces(chart));
        Assert.Equal("heatmap", trace.GetProperty("type").GetString());
        var z = trace.GetProperty("z").EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray();
        Assert.Equal([2.0, 4.5, 0], z[1]);
        var texts = Layout(chart).GetProperty("annotations").EnumerateArray().Select(a => a.GetProperty("text").GetString()).ToArray();
        Assert.Equal(["1", "2", "2", "2", "4.5", "0"], texts);
        Assert.Equal("reversed", Layout(chart).GetProperty("yaxis").GetProperty("autorange").GetString());
        Assert.Equal("counts", Layout(chart).GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void NumberGrid_is_wide_enough_for_a_long_title_over_a_narrow_matrix()
    {
        var title = new string('x', 70);
        var chart = ChartScript.Json(ChartScript.Call("NumberGrid", new List<double[]> { new[] { 1.0, 2 } }, title));
        Assert.True(Layout(chart).GetProperty("width").GetInt32() >= 10 * title.Length, "the title must fit");
    }

    [Fact]
    public void Tiles_draws_one_grey_heatmap_per_picture_of_any_size_largest_value_black()
    {
        double[] filter = [1, 2, 3, 4, 5, 6];   // 2×3
        var chart = ChartScript.Json(ChartScript.Call("Tiles",
            new List<double[]> { filter, filter, filter }, 2, 3, new List<string> { "a", "b", "c" }, 2, "filters"));

        var traces = Traces(chart);
        Assert.Equal(3, traces.Length);
        var rows = traces[0].GetProperty("z").EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray();
        Assert.Equal([[1.0, 2, 3], [4.0, 5, 6]], rows);
        Assert.Equal("Greys", traces[0].GetProperty("colorscale").GetString());
        Assert.True(traces[0].GetProperty("reversescale").GetBoolean());
        Assert.Equal(2, Layout(chart).GetProperty("grid").GetProperty("rows").GetInt32());
        Assert.Equal(["a", "b", "c"], Layout(chart).GetProperty("annotations").EnumerateArray().Select(a => a.GetProperty("text").GetString()));
    }

    [Fact]
    public void Tiles_without_captions_writes_no_annotation()
    {
        var chart = ChartScript.Json(ChartScript.Call("Tiles", new List<double[]> { new[] { 0.0, 1 } }, 1, 2));
        Assert.Single(Traces(chart));
        Assert.True(!Layout(chart).TryGetProperty("annotations", out var annotations) || annotations.GetArrayLength() == 0);
    }

    public static TheoryData<string, string, object?[]> BadInputs() => new()
    {
        { "NumberGrid", "rows", [new List<double[]>(), "t"] },
        { "NumberGrid", "rows", [new List<double[]> { new[] { 1.0, 2 }, new[] { 1.0 } }, "t"] },
        { "NumberGrid", "rows[0]", [new List<double[]> { new[] { double.NaN } }, "t"] },
        { "NumberGrid", "title", [new List<double[]> { new[] { 1.0 } }, " "] },
        { "Tiles", "tiles", [new List<double[]> { new double[5] }, 2, 3] },
        { "Tiles", "tiles", [new List<double[]>(), 2, 3] },
        { "Tiles", "captions", [new List<double[]> { new double[6] }, 2, 3, new List<string>()] },
        { "Tiles", "height", [new List<double[]> { new double[6] }, 0, 3] },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_is_rejected_naming_the_argument(string helper, string argument, object?[] arguments)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => ChartScript.Call(helper, arguments));
        Assert.Equal(argument, ex.ParamName);
    }
}
