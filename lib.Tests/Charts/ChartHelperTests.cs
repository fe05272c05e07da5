using System.Text.Json;

namespace Backprop.Tests.Charts;

/// <summary>Runs each helper of lib/Charts/Charts.csx with small data and reads the plotly.js JSON it produces.</summary>
public class ChartHelperTests
{
    const double Tolerance = 1e-12;

    static JsonElement[] Traces(JsonElement chart) => [.. chart.GetProperty("data").EnumerateArray()];
    static JsonElement Layout(JsonElement chart) => chart.GetProperty("layout");
    static string AxisTitle(JsonElement chart, string axis) =>
        Layout(chart).GetProperty(axis).GetProperty("title").GetProperty("text").GetString()!;
    static double[] Numbers(JsonElement trace, string key) => [.. trace.GetProperty(key).EnumerateArray().Select(e => e.GetDouble())];

    [Fact]
    public void DisplayLive_outside_a_kernel_shows_nothing_and_its_update_does_nothing()
    {
        var chart = ChartScript.Call("Loss", new List<double> { 2.3, 1.0 }, 0);
        var live = ChartScript.Charts.GetMethod("DisplayLive")!.Invoke(null, [chart])!;
        Assert.False((bool)live.GetType().GetProperty("IsShown")!.GetValue(live)!);
        live.GetType().GetMethod("Update")!.Invoke(live, [chart]);
    }

    [Fact]
    public void FunctionWithDerivative_draws_the_function_and_its_derivative_on_named_axes()
    {
        var chart = ChartScript.Json(ChartScript.Call("FunctionWithDerivative",
            (Func<double, double>)(x => x * x), (Func<double, double>)(x => 2 * x), -2.0, 3.0, "square"));

        var traces = Traces(chart);
        Assert.Equal(2, traces.Length);
        Assert.All(traces, t => Assert.Equal("scatter", t.GetProperty("type").GetString()));
        var (x, y, dy) = (Numbers(traces[0], "x"), Numbers(traces[0], "y"), Numbers(traces[1], "y"));
        Assert.Equal(x.Length, dy.Length);
        Assert.Equal(-2, x[0], Tolerance);
        Assert.Equal(3, x[^1], Tolerance);
        Assert.Equal(4, y[0], Tolerance);
        Assert.Equal(6, dy[^1], Tolerance);
        Assert.Equal("x", AxisTitle(chart, "xaxis"));
        Assert.Contains("square", Layout(chart).GetProperty("title").GetProperty("text").GetString());
        Assert.Equal(700, Layout(chart).GetProperty("width").GetInt32());
    }

    [Fact]
    public void Loss_draws_the_raw_values_and_their_trailing_moving_average()
    {
        var chart = ChartScript.Json(ChartScript.Call("Loss", new double[] { 4, 2, 6, 0 }, 2));

        var traces = Traces(chart);
        Assert.Equal(2, traces.Length);
        Assert.Equal([4, 2, 6, 0], Numbers(traces[0], "y"));
        Assert.Equal([4, 3, 4, 3], Numbers(traces[1], "y"));
        Assert.Equal([1, 2, 3, 4], Numbers(traces[1], "x"));
        Assert.Equal("iteration", AxisTitle(chart, "xaxis"));
        Assert.Equal("loss", AxisTitle(chart, "yaxis"));
    }

    [Fact]
    public void Accuracy_draws_train_and_test_per_epoch_on_a_zero_to_one_axis()
    {
        var chart = ChartScript.Json(ChartScript.Call("Accuracy", new List<double> { 0.8, 0.9 }, new List<double> { 0.75, 0.85 }));

        var traces = Traces(chart);
        Assert.Equal(["train", "test"], traces.Select(t => t.GetProperty("name").GetString()));
        Assert.Equal([0.75, 0.85], Numbers(traces[1], "y"));
        Assert.Equal([1, 2], Numbers(traces[0], "x"));
        Assert.Equal([0, 1], Numbers(Layout(chart).GetProperty("yaxis"), "range"));
        Assert.Equal("epoch", AxisTitle(chart, "xaxis"));
    }

    [Fact]
    public void TrainingDashboard_puts_loss_and_accuracy_side_by_side_even_before_the_first_epoch()
    {
        var chart = ChartScript.Json(ChartScript.Call("TrainingDashboard", new double[] { 2.3, 2.1, 1.9 }, new double[] { 0.5 }, new double[] { 0.4 }));

        Assert.Equal(4, Traces(chart).Length);
        var grid = Layout(chart).GetProperty("grid");
        Assert.Equal(1, grid.GetProperty("rows").GetInt32());
        Assert.Equal(2, grid.GetProperty("columns").GetInt32());
        Assert.Equal("iteration", AxisTitle(chart, "xaxis"));
        Assert.Equal("epoch", AxisTitle(chart, "xaxis2"));
        Assert.Equal(["x2", "x2"], Traces(chart).Skip(2).Select(t => t.GetProperty("xaxis").GetString()));

        var early = ChartScript.Json(ChartScript.Call("TrainingDashboard", new double[] { 2.3 }, Array.Empty<double>(), Array.Empty<double>()));
        Assert.Equal(0, Traces(early)[2].GetProperty("y").GetArrayLength());
    }

    [Fact]
    public void DigitGrid_draws_one_upright_grey_heatmap_per_image_with_its_caption()
    {
        var seven = Enumerable.Range(0, 784).Select(i => i / 783.0).ToArray();
        var one = Enumerable.Range(0, 784).Select(i => i % 28 == 14 ? 1.0 : 0.0).ToArray();
        var chart = ChartScript.Json(ChartScript.Call("DigitGrid",
            new List<double[]> { seven, one, seven }, new List<string> { "7 → predicted 1", "1", "7" }, 2));

        var traces = Traces(chart);
        Assert.Equal(3, traces.Length);
        Assert.All(traces, t => Assert.Equal("heatmap", t.GetProperty("type").GetString()));
        var rows = traces[0].GetProperty("z").EnumerateArray().ToArray();
        Assert.Equal(28, rows.Length);
        Assert.Equal(seven[28..56], rows[1].EnumerateArray().Select(e => e.GetDouble()).ToArray());
        Assert.Equal("reversed", Layout(chart).GetProperty("yaxis").GetProperty("autorange").GetString());
        Assert.Equal("Greys", traces[0].GetProperty("colorscale").GetString());
        var captions = Layout(chart).GetProperty("annotations").EnumerateArray().Select(a => a.GetProperty("text").GetString());
        Assert.Equal(["7 → predicted 1", "1", "7"], captions);
        Assert.Equal(2, Layout(chart).GetProperty("grid").GetProperty("rows").GetInt32());
    }

    [Fact]
    public void ConfusionMatrix_counts_actual_against_predicted_and_annotates_every_cell()
    {
        var chart = ChartScript.Json(ChartScript.Call("ConfusionMatrix", new[] { 0, 1, 2, 2, 1 }, new[] { 0, 2, 2, 2, 1 }, 3));

        var heatmap = Traces(chart).Single();
        Assert.Equal("heatmap", heatmap.GetProperty("type").GetString());
        var z = heatmap.GetProperty("z").EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetInt32()).ToArray()).ToArray();
        Assert.Equal([[1, 0, 0], [0, 1, 1], [0, 0, 2]], z);
        Assert.Equal(9, Layout(chart).GetProperty("annotations").GetArrayLength());
        Assert.Equal("predicted", AxisTitle(chart, "xaxis"));
        Assert.Equal("actual", AxisTitle(chart, "yaxis"));
        Assert.Equal("category", Layout(chart).GetProperty("xaxis").GetProperty("type").GetString());
        Assert.Contains("4 of 5 correct", Layout(chart).GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void Probabilities_draws_one_bar_per_class_with_its_label()
    {
        var chart = ChartScript.Json(ChartScript.Call("Probabilities", new[] { 0.1, 0.7, 0.2 }, new[] { "cat", "dog", "bird" }));

        var bars = Traces(chart).Single();
        Assert.Equal("bar", bars.GetProperty("type").GetString());
        Assert.Equal([0.1, 0.7, 0.2], Numbers(bars, "y"));
        Assert.Equal(["cat", "dog", "bird"], bars.GetProperty("x").EnumerateArray().Select(e => e.GetString()));
        var defaultLabels = ChartScript.Json(ChartScript.Call("Probabilities", new[] { 0.5, 0.5 }, null));
        Assert.Equal(["0", "1"], Traces(defaultLabels)[0].GetProperty("x").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Fit_draws_the_data_as_points_and_one_line_per_snapshot()
    {
        double[] x = [0, 0.5, 1];
        var fits = new List<(string, double[])> { ("iteration 0", [0, 0, 0]), ("iteration 4000", [0.1, 19.8, 0.2]) };
        var chart = ChartScript.Json(ChartScript.Call("Fit", x, new double[] { 0, 20, 0 }, fits));

        var traces = Traces(chart);
        Assert.Equal(3, traces.Length);
        Assert.Equal("markers", traces[0].GetProperty("mode").GetString());
        Assert.Equal(["data", "iteration 0", "iteration 4000"], traces.Select(t => t.GetProperty("name").GetString()));
        Assert.Equal([0.1, 19.8, 0.2], Numbers(traces[2], "y"));
    }

    [Fact]
    public void Agreement_plots_numerical_against_backprop_per_element_with_the_diagonal_and_equal_axes()
    {
        double[] backprop = [0.5, -1.0, 2.0, 0.25];
        double[] numerical = [0.5, -1.0, 2.0 + 3e-3, 0.25];
        string[] labels = ["dW[0,0]", "dW[1,0]", "db[0,1]", "dx[0,0]"];
        var chart = ChartScript.Json(ChartScript.Call("Agreement", numerical, backprop, labels, "Affine"));

        var traces = Traces(chart);
        Assert.Equal(4, traces.Length);
        Assert.All(traces, t => Assert.Equal("scatter", t.GetProperty("type").GetString()));
        Assert.Equal("lines", traces[0].GetProperty("mode").GetString());
        Assert.Equal(Numbers(traces[0], "x"), Numbers(traces[0], "y"));
        Assert.Equal(["dW", "db", "dx"], traces.Skip(1).Select(t => t.GetProperty("name").GetString()));
        Assert.All(traces.Skip(1), t => Assert.Equal("markers", t.GetProperty("mode").GetString()));
        Assert.Equal([0.5, -1.0], Numbers(traces[1], "x"));
        Assert.Equal(2.003, Numbers(traces[2], "y")[0], Tolerance);
        Assert.Equal(2.0, Numbers(traces[2], "x")[0], Tolerance);
        Assert.Equal(["dW[0,0]", "dW[1,0]"], traces[1].GetProperty("text").EnumerateArray().Select(e => e.GetString()));

        var xRange = Numbers(Layout(chart).GetProperty("xaxis"), "range");
        Assert.Equal(xRange, Numbers(Layout(chart).GetProperty("yaxis"), "range"));
        Assert.True(xRange[0] < -1.0 && xRange[1] > 2.003, $"range [{xRange[0]}, {xRange[1]}] must hold every point");
        Assert.Equal(xRange, Numbers(traces[0], "x"));
        Assert.Equal("backprop", AxisTitle(chart, "xaxis"));
        Assert.Equal("numerical", AxisTitle(chart, "yaxis"));
        Assert.Equal("Affine — largest difference 3.0e-3", Layout(chart).GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void DecisionRegions_colours_the_predicted_class_per_snapshot_and_draws_each_class_of_points()
    {
        // 2 × 3 grid: score > 0 on the right column only; two snapshots; points of both classes.
        double[][] right = [[-1, -0.5, 2], [-3, -1, 0.1]];
        double[][] everywhere = [[1, 1, 1], [1, 1, 1]];
        var chart = ChartScript.Json(ChartScript.Call("DecisionRegions", new[] { 0.0, 1.0, 2.0 }, new[] { 0.0, 1.0 },
            new List<double[][]> { right, everywhere }, new List<string> { "first", "second" },
            new[] { 0.2, 1.8, 1.0 }, new[] { 0.1, 0.9, 0.5 }, new[] { 1, 0, 1 }));

        var traces = Traces(chart);
        var heatmaps = traces.Where(t => t.GetProperty("type").GetString() == "heatmap").ToArray();
        Assert.Equal(2, heatmaps.Length);
        var z = heatmaps[0].GetProperty("z").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        Assert.Equal([0, 0, 1], z[0]);
        Assert.Equal([0, 0, 1], z[1]);
        // The two rows above the drawn range pin the colours to 0..1 even where one class is predicted everywhere.
        Assert.Equal([0, 0, 0], z[2]);
        Assert.Equal([1, 1, 1], z[3]);
        var points = traces.Where(t => t.GetProperty("type").GetString() == "scatter").ToArray();
        Assert.Equal(4, points.Length);
        Assert.Equal([0.2, 1.0], Numbers(points[0], "x"));
        Assert.Equal([1.8], Numbers(points[1], "x"));
        Assert.Equal("class 1", points[0].GetProperty("name").GetString());
    }

    [Fact]
    public void Agreement_without_labels_draws_one_group_named_by_element_index()
    {
        var chart = ChartScript.Json(ChartScript.Call("Agreement", new List<double> { 110, 2.2, 650 }, new List<double> { 110, 2.2, 650 }));

        var traces = Traces(chart);
        Assert.Equal(2, traces.Length);
        Assert.Equal(["element 0", "element 1", "element 2"], traces[1].GetProperty("text").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("largest difference 0.0e+0", Layout(chart).GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void Agreement_of_identical_constant_values_still_gets_a_non_empty_range()
    {
        var chart = ChartScript.Json(ChartScript.Call("Agreement", new[] { 0.0, 0.0 }, new[] { 0.0, 0.0 }, new[] { "a", "b" }));

        var range = Numbers(Layout(chart).GetProperty("xaxis"), "range");
        Assert.True(range[0] < 0 && range[1] > 0, $"range [{range[0]}, {range[1]}] must hold 0 with room around it");
        Assert.Equal(3, Traces(chart).Length);   // the diagonal, then "a" and "b" as two groups
    }

    public static TheoryData<string, string, object?[]> BadInputs()
    {
        var digit = new double[784];
        Func<double, double> square = x => x * x;
        return new()
        {
            { "Loss", "lossPerIteration", [Array.Empty<double>()] },
            { "Loss", "lossPerIteration", [new[] { 1.0, double.NaN }] },
            { "Loss", "smoothingWindow", [new[] { 1.0 }, -1] },
            { "Accuracy", "testPerEpoch", [new[] { 0.5, 0.6 }, new[] { 0.5 }] },
            { "Accuracy", "trainPerEpoch", [Array.Empty<double>(), Array.Empty<double>()] },
            { "TrainingDashboard", "testAccuracy", [new[] { 1.0 }, new[] { 0.5 }, Array.Empty<double>()] },
            { "DigitGrid", "images", [new List<double[]> { new double[783] }, new List<string> { "?" }, 5] },
            { "DigitGrid", "images", [new List<double[]>(), new List<string>(), 5] },
            { "DigitGrid", "captions", [new List<double[]> { digit }, new List<string>(), 5] },
            { "ConfusionMatrix", "predicted", [new[] { 1, 2 }, new[] { 1 }, 10] },
            { "ConfusionMatrix", "actual", [new[] { 10 }, new[] { 1 }, 10] },
            { "Probabilities", "labels", [new[] { 0.5, 0.5 }, new[] { "a" }] },
            { "Probabilities", "probabilities", [new[] { 1.5 }, null] },
            { "Fit", "yTrue", [new[] { 0.0, 1.0 }, new[] { 0.0 }, new List<(string, double[])>()] },
            { "Fit", "fits", [new[] { 0.0, 1.0 }, new[] { 0.0, 1.0 }, new List<(string, double[])> { ("short", new[] { 0.0 }) }] },
            { "FunctionWithDerivative", "to", [square, square, 1.0, 1.0, "square"] },
            { "FunctionWithDerivative", "f", [(Func<double, double>)Math.Log, square, 0.0, 1.0, "log"] },
            { "Agreement", "backprop", [new[] { 1.0, 2.0 }, new[] { 1.0 }, null, "check"] },
            { "Agreement", "numerical", [Array.Empty<double>(), Array.Empty<double>(), null, "check"] },
            { "Agreement", "numerical", [new[] { double.NaN }, new[] { 1.0 }, null, "check"] },
            { "Agreement", "backprop", [new[] { 1.0 }, new[] { double.PositiveInfinity }, null, "check"] },
            { "Agreement", "labels", [new[] { 1.0, 2.0 }, new[] { 1.0, 2.0 }, new[] { "dW[0,0]" }, "check"] },
            { "Agreement", "labels", [new[] { 1.0 }, new[] { 1.0 }, new[] { " " }, "check"] },
            { "Agreement", "title", [new[] { 1.0 }, new[] { 1.0 }, null, ""] },
            { "DecisionRegions", "scores", [new[] { 0.0, 1.0 }, new[] { 0.0, 1.0 }, new List<double[][]>(), new List<string>(), new[] { 0.5 }, new[] { 0.5 }, new[] { 1 }] },
            { "DecisionRegions", "captions", [new[] { 0.0, 1.0 }, new[] { 0.0, 1.0 }, new List<double[][]> { new[] { new[] { 1.0, -1.0 }, new[] { 1.0, -1.0 } } }, new List<string>(), new[] { 0.5 }, new[] { 0.5 }, new[] { 1 }] },
            { "DecisionRegions", "scores", [new[] { 0.0, 1.0 }, new[] { 0.0, 1.0 }, new List<double[][]> { new[] { new[] { 1.0, -1.0 } } }, new List<string> { "one row" }, new[] { 0.5 }, new[] { 0.5 }, new[] { 1 }] },
            { "DecisionRegions", "labels", [new[] { 0.0, 1.0 }, new[] { 0.0, 1.0 }, new List<double[][]> { new[] { new[] { 1.0, -1.0 }, new[] { 1.0, -1.0 } } }, new List<string> { "a" }, new[] { 0.5 }, new[] { 0.5 }, new[] { 1, 0 }] },
        };
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_throws_an_ArgumentException_naming_the_argument(string helper, string argument, object?[] arguments)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => ChartScript.Call(helper, arguments));
        Assert.Equal(argument, error.ParamName);
    }

    [Fact]
    public void Loading_the_file_gives_no_compiler_warning_and_leaves_the_loading_cell_without_nullable_annotations()
    {
        // Scripts compile with nullable annotations off, as in the real kernel: Charts.csx's `?` would warn (CS8632) in every
        // setup cell without its own #nullable enable. That directive must end with the file: in the loading cell, a
        // `string? t` still warns (CS8632) and a `string s = null` does not (CS8600 would mean it leaked).
        var script = Microsoft.CodeAnalysis.CSharp.Scripting.CSharpScript.Create(
            "#load \"../lib/Charts/Charts.csx\"\nstring s = null;\nstring? t = null;", ChartScript.Options());

        var warnings = script.Compile(TestContext.Current.CancellationToken)
            .Select(d => $"{d.Id} {Path.GetFileName(d.Location.GetLineSpan().Path)} line {d.Location.GetLineSpan().StartLinePosition.Line + 1}").ToList();

        Assert.Equal(["CS8632 setup.csx line 3"], warnings);
    }
}
