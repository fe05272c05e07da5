// Chart helpers for the course notebooks, loaded by each notebook's setup cell:
//   #r "nuget: Plotly.NET.Interactive, 5.0.0"
//   #r "nuget: Plotly.NET.CSharp, 0.13.0"
//   #load "../lib/Charts/Charts.csx"
//
// Why source and not part of Backprop.dll: VS Code's Polyglot Notebooks ship FSharp.Core 10.0, on which
// Plotly.NET 6 / Plotly.NET.CSharp 0.14 cannot load, so VS Code uses Plotly.NET 5 / Plotly.NET.CSharp 0.13
// while the course engine uses Plotly.NET 6 / Plotly.NET.CSharp 0.14. This file compiles against both.
// Rules that keep it so (checked against both versions' public API):
//  - build traces only with Plotly.NET.CSharp.Chart.* and style axes with Plotly.NET.CSharp.GenericChartExtensions;
//  - never call Plotly.NET.Chart.* or .WithTitle/.WithLayout: Plotly.NET 5 names them WithTitle (plus an
//    extension layer), Plotly.NET 6 names them withTitle and has no extension layer;
//  - set the layout with Plotly.NET.GenericChart.addLayout, the same in both, on a Layout filled through
//    DynamicObject.TrySetMember (both DynamicObj versions are DynamicObjects; their SetValue/SetProperty differ);
//  - use named arguments only where both versions have that parameter (e.g. no GridDash, no MultiKeys);
//  - pass every argument of Plotly.NET's own init methods (Font, Title, Margin; null is F#'s None): Plotly.NET 6
//    dropped their [Optional] markers, so leaving one out compiles against 5 but not against 6.
// Every name is fully qualified so that loading this file adds no using directive to the notebook.
// The helpers take plain .NET data (arrays, lists), never Backprop types, so they do not depend on the library.
// The real kernel compiles cells with nullable annotations off, so the `?` annotations below would warn (CS8632) in
// every setup cell; this file turns them on for itself. A #nullable directive ends with its file, so the notebook's
// own cells keep the kernel's default.
#nullable enable

/// <summary>Ready-made Plotly charts for the lessons, all with the same look.</summary>
public static class Charts
{
    /// <summary>The course palette: blue, orange, green, red, purple, teal.</summary>
    public static readonly string[] Palette = ["#2563eb", "#ea580c", "#16a34a", "#dc2626", "#9333ea", "#0891b2"];

    const int DefaultWidth = 700;
    const int DefaultHeight = 400;
    const string Ink = "#1f2937";
    const string Grid = "#e5e7eb";
    const string AxisLine = "#9ca3af";
    const string LevelLine = "#c4c9d0";

    /// <summary>A function and its derivative over [from, to]: two lines on the same axes.</summary>
    public static Plotly.NET.GenericChart FunctionWithDerivative(
        Func<double, double> f, Func<double, double> df, double from, double to, string name)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(df);
        RequireName(name, nameof(name));
        if (!double.IsFinite(from) || !double.IsFinite(to) || from >= to)
            throw new ArgumentException($"The range must be finite with from < to; got from = {from}, to = {to}.", nameof(to));

        const int samples = 201;
        var x = Enumerable.Range(0, samples).Select(i => from + (to - from) * i / (samples - 1)).ToArray();
        var y = Sample(f, x, nameof(f));
        var dy = Sample(df, x, nameof(df));

        var chart = Plotly.NET.CSharp.Chart.Combine(
        [
            Line(x, y, name + "(x)", Palette[0], width: 3),
            Line(x, dy, name + "′(x)", Palette[1], width: 3, dash: true),
        ]);
        return Style(chart, $"{name} and its derivative", "x", "y");
    }

    /// <summary>
    /// Loss per iteration: the raw values (faint) and their moving average (bold). A window of 0 picks one
    /// from the length (about 1/50 of the iterations).
    /// </summary>
    public static Plotly.NET.GenericChart Loss(IReadOnlyList<double> lossPerIteration, int smoothingWindow = 0)
    {
        RequireValues(lossPerIteration, nameof(lossPerIteration));
        if (smoothingWindow < 0)
            throw new ArgumentException($"The smoothing window must be 0 (automatic) or positive; got {smoothingWindow}.", nameof(smoothingWindow));
        return Style(LossTraces(lossPerIteration, smoothingWindow), "Loss", "iteration", "loss");
    }

    /// <summary>Train and test accuracy per epoch, on a 0–1 axis.</summary>
    public static Plotly.NET.GenericChart Accuracy(IReadOnlyList<double> trainPerEpoch, IReadOnlyList<double> testPerEpoch)
    {
        RequireValues(trainPerEpoch, nameof(trainPerEpoch));
        RequireValues(testPerEpoch, nameof(testPerEpoch));
        return StyleAccuracyAxis(Style(AccuracyTraces(trainPerEpoch, testPerEpoch, nameof(testPerEpoch)), "Accuracy", "epoch", "accuracy"));
    }

    /// <summary>
    /// Loss (left) and accuracy (right) side by side, for a live view of training. The accuracy lists may
    /// still be empty (no epoch finished yet) but must have the same length.
    /// </summary>
    public static Plotly.NET.GenericChart TrainingDashboard(
        IReadOnlyList<double> loss, IReadOnlyList<double> trainAccuracy, IReadOnlyList<double> testAccuracy)
    {
        RequireValues(loss, nameof(loss));
        ArgumentNullException.ThrowIfNull(trainAccuracy);
        ArgumentNullException.ThrowIfNull(testAccuracy);
        RequireFinite(trainAccuracy, nameof(trainAccuracy));
        RequireFinite(testAccuracy, nameof(testAccuracy));

        var left = Axes(LossTraces(loss, 0), "iteration", "loss");
        var right = StyleAccuracyAxis(Axes(AccuracyTraces(trainAccuracy, testAccuracy, nameof(testAccuracy)), "epoch", "accuracy"));
        var grid = Plotly.NET.CSharp.Chart.Grid([left, right], nRows: 1, nCols: 2,
            SubPlotTitles: new[] { "loss per iteration", "accuracy per epoch" }, XGap: 0.12);
        return Layout(grid, "Training", 1000, 400);
    }

    /// <summary>
    /// Small grey-scale pictures of 28×28 digits (784 values in 0..1 each, row by row), upright, each with
    /// its caption above it (e.g. "7 → predicted 1").
    /// </summary>
    public static Plotly.NET.GenericChart DigitGrid(IReadOnlyList<double[]> images, IReadOnlyList<string> captions, int columns = 5)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(captions);
        if (images.Count == 0) throw new ArgumentException("There are no images to show.", nameof(images));
        if (captions.Count != images.Count)
            throw new ArgumentException($"There are {images.Count} images but {captions.Count} captions; give one caption per image.", nameof(captions));
        if (columns < 1) throw new ArgumentException($"columns must be at least 1; got {columns}.", nameof(columns));
        for (var i = 0; i < images.Count; i++)
        {
            if (images[i] is null) throw new ArgumentException($"images[{i}] is null.", nameof(images));
            if (images[i].Length != 784)
                throw new ArgumentException($"images[{i}] has {images[i].Length} values; a digit has 784 (28×28, row by row).", nameof(images));
            RequireFinite(images[i], $"{nameof(images)}[{i}]");
        }

        // A digit is a 28×28 picture with a caption: Tiles draws it (its smallest value, the paper's 0, white; its largest black).
        return Tiles(images, 28, 28, captions, columns, tileSize: 126);
    }

    /// <summary>
    /// The confusion matrix of a classifier: cell (actual a, predicted p) counts the samples of class a
    /// predicted as p; the diagonal holds the correct ones.
    /// </summary>
    public static Plotly.NET.GenericChart ConfusionMatrix(int[] actual, int[] predicted, int classes = 10)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        if (actual.Length == 0) throw new ArgumentException("There are no samples.", nameof(actual));
        if (predicted.Length != actual.Length)
            throw new ArgumentException($"There are {actual.Length} actual labels but {predicted.Length} predictions.", nameof(predicted));
        if (classes < 2) throw new ArgumentException($"classes must be at least 2; got {classes}.", nameof(classes));

        var counts = new int[classes][];
        for (var a = 0; a < classes; a++) counts[a] = new int[classes];
        for (var i = 0; i < actual.Length; i++)
        {
            if ((uint)actual[i] >= (uint)classes)
                throw new ArgumentException($"actual[{i}] = {actual[i]} is not a class in 0..{classes - 1}.", nameof(actual));
            if ((uint)predicted[i] >= (uint)classes)
                throw new ArgumentException($"predicted[{i}] = {predicted[i]} is not a class in 0..{classes - 1}.", nameof(predicted));
            counts[actual[i]][predicted[i]]++;
        }

        var labels = Enumerable.Range(0, classes).Select(c => c.ToString()).ToArray();
        var text = counts.Select(row => row.Select(n => n.ToString()).ToArray()).ToArray();
        var white = Plotly.NET.Color.fromHex("#ffffff");
        var blue = Plotly.NET.Color.fromHex("#60a5fa");
        var heatmap = Plotly.NET.CSharp.Chart.AnnotatedHeatmap<int, string, string, string>(
            zData: counts,
            annotationText: text,
            X: labels,
            Y: labels,
            ColorScale: Plotly.NET.StyleParam.Colorscale.NewCustom(new[] { Tuple.Create(0.0, white), Tuple.Create(1.0, blue) }),
            ShowScale: false,
            ReverseYAxis: true,           // class 0 on top, as a table reads
            UseDefaults: false);
        var correct = Enumerable.Range(0, actual.Length).Count(i => actual[i] == predicted[i]);
        heatmap = Categorical(heatmap, x: true, y: true);
        return Style(heatmap, $"Confusion matrix — {correct} of {actual.Length} correct ({100.0 * correct / actual.Length:0.#}%)",
            "predicted", "actual", width: 560, height: 520, showLegend: false);
    }

    /// <summary>A bar per class with its probability (e.g. a softmax output), on a 0–1 axis.</summary>
    public static Plotly.NET.GenericChart Probabilities(double[] probabilities, string[]? labels = null)
    {
        RequireValues(probabilities, nameof(probabilities));
        labels ??= Enumerable.Range(0, probabilities.Length).Select(i => i.ToString()).ToArray();
        if (labels.Length != probabilities.Length)
            throw new ArgumentException($"There are {probabilities.Length} probabilities but {labels.Length} labels.", nameof(labels));
        for (var i = 0; i < probabilities.Length; i++)
            if (probabilities[i] < 0 || probabilities[i] > 1)
                throw new ArgumentException($"probabilities[{i}] = {probabilities[i]} is not in 0..1.", nameof(probabilities));

        var best = Array.IndexOf(probabilities, probabilities.Max());
        var colors = probabilities.Select((_, i) => Plotly.NET.Color.fromHex(i == best ? Palette[1] : Palette[0]));
        var bars = Plotly.NET.CSharp.Chart.Column<double, string, string>(
            values: probabilities,
            Keys: labels,
            Name: "probability",
            MultiText: probabilities.Select(p => p.ToString("0.000")).ToArray(),
            TextPosition: Plotly.NET.StyleParam.TextPosition.Outside,
            MarkerColor: Plotly.NET.Color.fromColors(colors),
            UseDefaults: false);
        var chart = Style(Categorical(bars, x: true, y: false), "Probabilities", "class", "probability", showLegend: false);
        return Plotly.NET.CSharp.GenericChartExtensions.WithYAxisStyle<double, double, string>(chart,
            MinMax: Tuple.Create(0.0, 1.1));
    }

    /// <summary>
    /// A regression fit improving: the true points and one line per snapshot (e.g. "iteration 1000"),
    /// later snapshots drawn stronger.
    /// </summary>
    public static Plotly.NET.GenericChart Fit(double[] x, double[] yTrue, IReadOnlyList<(string label, double[] y)> fits)
    {
        RequireValues(x, nameof(x));
        RequireValues(yTrue, nameof(yTrue));
        ArgumentNullException.ThrowIfNull(fits);
        if (yTrue.Length != x.Length)
            throw new ArgumentException($"x has {x.Length} values but yTrue has {yTrue.Length}.", nameof(yTrue));
        for (var i = 0; i < fits.Count; i++)
        {
            RequireName(fits[i].label, $"{nameof(fits)}[{i}].label");
            if (fits[i].y is null || fits[i].y.Length != x.Length)
                throw new ArgumentException($"fits[{i}] (\"{fits[i].label}\") has {fits[i].y?.Length ?? 0} values; x has {x.Length}.", nameof(fits));
            RequireFinite(fits[i].y, $"{nameof(fits)}[{i}].y");
        }

        var traces = new List<Plotly.NET.GenericChart>
        {
            Plotly.NET.CSharp.Chart.Point<double, double, string>(x, yTrue, Name: "data", MarkerColor: Plotly.NET.Color.fromHex(AxisLine), UseDefaults: false),
        };
        for (var i = 0; i < fits.Count; i++)
        {
            var last = i == fits.Count - 1;
            var opacity = fits.Count == 1 ? 1.0 : 0.35 + 0.65 * i / (fits.Count - 1);
            traces.Add(Line(x, fits[i].y, fits[i].label, Palette[i % Palette.Length], width: last ? 3.5 : 2, opacity: opacity));
        }
        return Style(Plotly.NET.CSharp.Chart.Combine(traces), "Fit", "x", "y");
    }

    /// <summary>
    /// Gradient check as a picture: one point per element at (backprop, numerical) and the line y = x. Points on
    /// the line mean the two methods agree. Labels such as "dW[2,1]" show on hover; labels sharing the name before
    /// "[" (dx, dW, db) share a colour. The title states the largest difference.
    /// </summary>
    public static Plotly.NET.GenericChart Agreement(IReadOnlyList<double> numerical, IReadOnlyList<double> backprop,
        IReadOnlyList<string>? labels = null, string title = "Numerical vs backprop gradients")
    {
        RequireValues(numerical, nameof(numerical));
        RequireValues(backprop, nameof(backprop));
        RequireName(title, nameof(title));
        if (backprop.Count != numerical.Count)
            throw new ArgumentException($"There are {numerical.Count} numerical gradients but {backprop.Count} backprop gradients; give one of each per element.", nameof(backprop));
        if (labels is not null)
        {
            if (labels.Count != numerical.Count)
                throw new ArgumentException($"There are {numerical.Count} gradients but {labels.Count} labels; give one label per element.", nameof(labels));
            for (var i = 0; i < labels.Count; i++)
                if (string.IsNullOrWhiteSpace(labels[i])) throw new ArgumentException($"labels[{i}] is empty.", nameof(labels));
        }
        var names = labels ?? Enumerable.Range(0, numerical.Count).Select(i => $"element {i}").ToArray();

        // "dW[2,1]" belongs to group "dW"; more groups than colours would make the legend noise, so then one group.
        var groups = names.Select((label, i) => (group: label.IndexOf('[') > 0 ? label[..label.IndexOf('[')] : label, i))
            .GroupBy(p => p.group, p => p.i).ToList();
        if (labels is null || groups.Count > Palette.Length)
            groups = Enumerable.Range(0, names.Count).GroupBy(_ => "gradients").ToList();

        // One range for both axes, so the diagonal is the diagonal and a point's distance from it reads the same way up and across.
        var low = Math.Min(numerical.Min(), backprop.Min());
        var high = Math.Max(numerical.Max(), backprop.Max());
        var pad = high > low ? 0.05 * (high - low) : Math.Max(1.0, Math.Abs(high)) * 0.1;
        var range = Tuple.Create(low - pad, high + pad);

        var traces = new List<Plotly.NET.GenericChart>
        {
            Line(new[] { range.Item1, range.Item2 }, new[] { range.Item1, range.Item2 }, "y = x (agreement)", AxisLine, width: 1.5, dash: true),
        };
        for (var g = 0; g < groups.Count; g++)
        {
            var members = groups[g].ToArray();
            traces.Add(Plotly.NET.CSharp.Chart.Point<double, double, string>(
                members.Select(i => backprop[i]).ToArray(),
                members.Select(i => numerical[i]).ToArray(),
                Name: groups[g].Key,
                MultiText: members.Select(i => names[i]).ToArray(),
                MarkerColor: Plotly.NET.Color.fromHex(Palette[g % Palette.Length]),
                UseDefaults: false));
        }

        var largest = Enumerable.Range(0, numerical.Count).Max(i => Math.Abs(numerical[i] - backprop[i]));
        var chart = Style(Plotly.NET.CSharp.Chart.Combine(traces), $"{title} — largest difference {largest:0.0e+0}",
            "backprop", "numerical", width: 640, height: 560);
        chart = Plotly.NET.CSharp.GenericChartExtensions.WithXAxisStyle<double, double, string>(chart, MinMax: range);
        return Plotly.NET.CSharp.GenericChartExtensions.WithYAxisStyle<double, double, string>(chart, MinMax: range);
    }

    /// <summary>
    /// Bars side by side for each category, one colour per series (e.g. y, t and y − t for each class), each bar
    /// labelled with its value; negative values hang below the zero line. Give two charts the same
    /// <paramref name="yRange"/> to compare their bars by eye; by default the range fits the values and their labels.
    /// </summary>
    public static Plotly.NET.GenericChart GroupedBars(IReadOnlyList<string> categories,
        IReadOnlyList<(string name, double[] values)> series, string title, string yTitle, Tuple<double, double>? yRange = null)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(series);
        RequireName(title, nameof(title));
        RequireName(yTitle, nameof(yTitle));
        if (categories.Count == 0) throw new ArgumentException("There are no categories; there is nothing to draw.", nameof(categories));
        if (series.Count == 0) throw new ArgumentException("There are no series; there is nothing to draw.", nameof(series));
        for (var i = 0; i < series.Count; i++)
        {
            RequireName(series[i].name, $"{nameof(series)}[{i}].name");
            if (series[i].values is null || series[i].values.Length != categories.Count)
                throw new ArgumentException($"series[{i}] (\"{series[i].name}\") has {series[i].values?.Length ?? 0} values; there are {categories.Count} categories.", nameof(series));
            RequireFinite(series[i].values, $"{nameof(series)}[{i}].values");
        }

        var traces = series.Select((s, i) => Plotly.NET.CSharp.Chart.Column<double, string, string>(
            values: s.values,
            Keys: categories.ToArray(),
            Name: s.name,
            MultiText: s.values.Select(v => v.ToString("0.##")).ToArray(),
            TextPosition: Plotly.NET.StyleParam.TextPosition.Outside,
            MarkerColor: Plotly.NET.Color.fromHex(Palette[i % Palette.Length]),
            UseDefaults: false)).ToList();
        // Room above and below the bars for their outside labels.
        var low = Math.Min(0, series.Min(s => s.values.Min()));
        var high = Math.Max(0, series.Max(s => s.values.Max()));
        var pad = 0.15 * Math.Max(high - low, 1e-9);
        if (yRange is not null && !(yRange.Item1 < yRange.Item2 && yRange.Item1 <= low && yRange.Item2 >= high))
            throw new ArgumentException($"yRange {yRange.Item1}..{yRange.Item2} must be increasing and contain every value ({low}..{high}).", nameof(yRange));
        var chart = Style(Categorical(Plotly.NET.CSharp.Chart.Combine(traces), x: true, y: false), title, "class", yTitle);
        return Plotly.NET.CSharp.GenericChartExtensions.WithYAxisStyle<double, double, string>(chart,
            MinMax: yRange ?? Tuple.Create(low < 0 ? low - pad : 0.0, high + pad));
    }

    /// <summary>
    /// One line per network (e.g. "sigmoid" and "ReLU") of a gradient size per layer, layer 1 next to the input,
    /// on a logarithmic y-axis so that a gradient shrinking by a constant factor per layer shows as a straight slope.
    /// </summary>
    public static Plotly.NET.GenericChart GradientsPerLayer(IReadOnlyList<(string name, double[] values)> series,
        string title = "Gradient size per layer", string yTitle = "mean |∂L/∂x| at the layer's input")
    {
        ArgumentNullException.ThrowIfNull(series);
        RequireName(title, nameof(title));
        RequireName(yTitle, nameof(yTitle));
        if (series.Count == 0) throw new ArgumentException("There are no series; there is nothing to draw.", nameof(series));
        var layers = series[0].values?.Length ?? 0;
        for (var i = 0; i < series.Count; i++)
        {
            RequireName(series[i].name, $"{nameof(series)}[{i}].name");
            RequireValues(series[i].values, $"{nameof(series)}[{i}].values");
            if (series[i].values.Length != layers)
                throw new ArgumentException($"series[{i}] (\"{series[i].name}\") has {series[i].values.Length} layers; series[0] has {layers}.", nameof(series));
            for (var j = 0; j < layers; j++)
                if (series[i].values[j] <= 0)
                    throw new ArgumentException($"series[{i}].values[{j}] = {series[i].values[j]}; a logarithmic axis needs positive values.", nameof(series));
        }

        var layerNumbers = Enumerable.Range(1, layers).ToArray();
        var traces = series.Select((s, i) => Line(layerNumbers, s.values, s.name, Palette[i % Palette.Length], width: 3, markers: true)).ToList();
        var chart = Style(Plotly.NET.CSharp.Chart.Combine(traces), title, "layer (1 = next to the input)", yTitle);
        chart = Plotly.NET.CSharp.GenericChartExtensions.WithXAxisStyle<double, double, string>(chart, AxisType: Plotly.NET.StyleParam.AxisType.Category);
        chart = Plotly.NET.CSharp.GenericChartExtensions.WithYAxisStyle<double, double, string>(chart, AxisType: Plotly.NET.StyleParam.AxisType.Log);
        // Ticks as 10⁻⁵ rather than plotly's SI "10µ"; neither version's WithYAxisStyle has this option, so set it by name.
        var powers = new Plotly.NET.LayoutObjects.LinearAxis();
        powers.TrySetMember(new PropertyName("exponentformat"), "power");
        var layout = new Plotly.NET.Layout();
        layout.TrySetMember(new PropertyName("yaxis"), powers);
        return Plotly.NET.GenericChart.addLayout(layout, chart);
    }

    /// <summary>
    /// A two-class classifier's decision regions, one panel per snapshot (e.g. before, during and after training):
    /// the plane coloured by the predicted class (score &gt; 0 or ≤ 0) on a grid, with the data points on top,
    /// coloured by their true class (label 1 or 0). scores[k][j][i] is snapshot k's score at (gridX[i], gridY[j]).
    /// </summary>
    public static Plotly.NET.GenericChart DecisionRegions(double[] gridX, double[] gridY, IReadOnlyList<double[][]> scores,
        IReadOnlyList<string> captions, double[] x, double[] y, int[] labels)
    {
        RequireValues(gridX, nameof(gridX));
        RequireValues(gridY, nameof(gridY));
        RequireValues(x, nameof(x));
        RequireValues(y, nameof(y));
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(captions);
        ArgumentNullException.ThrowIfNull(labels);
        if (scores.Count == 0) throw new ArgumentException("There are no snapshots to draw.", nameof(scores));
        if (captions.Count != scores.Count)
            throw new ArgumentException($"There are {scores.Count} snapshots but {captions.Count} captions; give one caption per snapshot.", nameof(captions));
        if (y.Length != x.Length || labels.Length != x.Length)
            throw new ArgumentException($"x, y and labels must have one entry per point; got {x.Length}, {y.Length} and {labels.Length}.", nameof(labels));
        for (var k = 0; k < scores.Count; k++)
        {
            if (scores[k] is null || scores[k].Length != gridY.Length || scores[k].Any(row => row is null || row.Length != gridX.Length))
                throw new ArgumentException($"scores[{k}] must be {gridY.Length} rows (one per gridY) of {gridX.Length} values (one per gridX).", nameof(scores));
            for (var j = 0; j < gridY.Length; j++) RequireFinite(scores[k][j], $"{nameof(scores)}[{k}][{j}]");
        }

        // Pale regions, strong points: the class colours are the palette's blue (1) and orange (0).
        var regionScale = Plotly.NET.StyleParam.Colorscale.NewCustom(new[]
        {
            Tuple.Create(0.0, Plotly.NET.Color.fromHex("#fde7d6")), Tuple.Create(0.5, Plotly.NET.Color.fromHex("#fde7d6")),
            Tuple.Create(0.5, Plotly.NET.Color.fromHex("#dbe7fd")), Tuple.Create(1.0, Plotly.NET.Color.fromHex("#dbe7fd")),
        });
        var panels = scores.Select((snapshot, k) =>
        {
            // Two extra rows far above the drawn range hold a 0 and a 1, so the colours always span 0..1, even when a
            // snapshot predicts one class everywhere (plotly.js scales the colours to the data's own min and max).
            var predicted = snapshot.Select(row => row.Select(v => v > 0 ? 1.0 : 0.0).ToArray()).ToArray();
            var regions = Plotly.NET.CSharp.Chart.Heatmap<double, double, double, string>(
                zData: predicted.Append(predicted[^1].Select(_ => 0.0).ToArray()).Append(predicted[^1].Select(_ => 1.0).ToArray()),
                X: gridX, Y: gridY.Append(gridY[^1] + 1e6).Append(gridY[^1] + 2e6).ToArray(),
                ColorScale: regionScale, ShowScale: false, ShowLegend: false, UseDefaults: false);
            var classOne = Enumerable.Range(0, x.Length).Where(i => labels[i] == 1).ToArray();
            var classZero = Enumerable.Range(0, x.Length).Where(i => labels[i] != 1).ToArray();
            var panel = Plotly.NET.CSharp.Chart.Combine(
            [
                regions,
                Plotly.NET.CSharp.Chart.Point<double, double, string>(classOne.Select(i => x[i]).ToArray(), classOne.Select(i => y[i]).ToArray(),
                    Name: "class 1", ShowLegend: k == 0, MarkerColor: Plotly.NET.Color.fromHex(Palette[0]), UseDefaults: false),
                Plotly.NET.CSharp.Chart.Point<double, double, string>(classZero.Select(i => x[i]).ToArray(), classZero.Select(i => y[i]).ToArray(),
                    Name: "class 0", ShowLegend: k == 0, MarkerColor: Plotly.NET.Color.fromHex(Palette[1]), UseDefaults: false),
            ]);
            panel = Plotly.NET.CSharp.GenericChartExtensions.WithXAxisStyle<double, double, string>(panel,
                MinMax: Tuple.Create(gridX[0], gridX[^1]), ShowGrid: false, ZeroLine: false);
            return Plotly.NET.CSharp.GenericChartExtensions.WithYAxisStyle<double, double, string>(panel,
                MinMax: Tuple.Create(gridY[0], gridY[^1]), ShowGrid: false, ZeroLine: false);
        }).ToArray();

        var grid = Plotly.NET.CSharp.Chart.Grid(panels, nRows: 1, nCols: panels.Length,
            SubPlotTitles: captions.ToArray(), XGap: 0.06);
        return Layout(grid, "Decision regions (blue: predicted 1, orange: predicted 0) and the data", Math.Max(420, 330 * panels.Length), 400);
    }

    /// <summary>
    /// Paths of optimizers on a function of two variables, one subplot each (2 per row), drawn over the function's level
    /// lines (grey, computed by the caller) with the minimum at <paramref name="minimum"/> marked. Each path is the
    /// points visited, the start first; every subplot has the same axes, <paramref name="xRange"/> by <paramref name="yRange"/>.
    /// </summary>
    public static Plotly.NET.GenericChart Trajectories(IReadOnlyList<(string name, double[] x, double[] y)> paths,
        IReadOnlyList<(double[] x, double[] y)> levelLines, (double x, double y) minimum,
        (double from, double to) xRange, (double from, double to) yRange)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(levelLines);
        if (paths.Count == 0) throw new ArgumentException("There are no paths to draw.", nameof(paths));
        for (var i = 0; i < paths.Count; i++)
        {
            RequireName(paths[i].name, $"{nameof(paths)}[{i}].name");
            RequireValues(paths[i].x, $"{nameof(paths)}[{i}].x");
            RequireValues(paths[i].y, $"{nameof(paths)}[{i}].y");
            if (paths[i].x.Length != paths[i].y.Length)
                throw new ArgumentException($"paths[{i}] (\"{paths[i].name}\") has {paths[i].x.Length} x but {paths[i].y.Length} y values.", nameof(paths));
        }
        if (!(xRange.from < xRange.to) || !(yRange.from < yRange.to))
            throw new ArgumentException($"The ranges must have from < to; got x {xRange}, y {yRange}.", nameof(xRange));

        var panels = new List<Plotly.NET.GenericChart>();
        for (var i = 0; i < paths.Count; i++)
        {
            var traces = levelLines.Select(l => Line(l.x, l.y, "level line", LevelLine, width: 1)).ToList();
            traces.Add(Line(paths[i].x, paths[i].y, paths[i].name, Palette[i % Palette.Length], width: 2, markers: true));
            traces.Add(Plotly.NET.CSharp.Chart.Point<double, double, string>(new[] { minimum.x }, new[] { minimum.y }, Name: "minimum",
                MarkerColor: Plotly.NET.Color.fromHex(Ink), UseDefaults: false));
            var panel = Axes(Plotly.NET.CSharp.Chart.Combine(traces), "x", "y");
            panel = Plotly.NET.CSharp.GenericChartExtensions.WithXAxisStyle<double, double, string>(panel, MinMax: Tuple.Create(xRange.from, xRange.to));
            panels.Add(Plotly.NET.CSharp.GenericChartExtensions.WithYAxisStyle<double, double, string>(panel, MinMax: Tuple.Create(yRange.from, yRange.to)));
        }
        var columns = Math.Min(2, paths.Count);
        var rows = (paths.Count + columns - 1) / columns;
        var grid = Plotly.NET.CSharp.Chart.Grid(panels, nRows: rows, nCols: columns,
            SubPlotTitles: paths.Select(p => p.name).ToArray(), XGap: 0.12, YGap: 0.3);
        return Layout(grid, null, 1000, 360 * rows + 40, showLegend: false);
    }

    /// <summary>
    /// Small-multiple histograms: one row per setting (named on its y axis), one column per layer (titled on the top row),
    /// values counted in <paramref name="bins"/> equal bins over [from, to] and drawn as outlined bars. Values outside
    /// the range are not counted.
    /// </summary>
    public static Plotly.NET.GenericChart HistogramGrid(IReadOnlyList<string> rowNames, IReadOnlyList<string> columnNames,
        IReadOnlyList<IReadOnlyList<double[]>> values, double from, double to, int bins = 30, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(rowNames);
        ArgumentNullException.ThrowIfNull(columnNames);
        ArgumentNullException.ThrowIfNull(values);
        if (rowNames.Count == 0 || columnNames.Count == 0) throw new ArgumentException("There must be at least one row and one column.", nameof(values));
        if (values.Count != rowNames.Count)
            throw new ArgumentException($"There are {rowNames.Count} row names but {values.Count} rows of values.", nameof(values));
        for (var r = 0; r < values.Count; r++)
        {
            if (values[r] is null || values[r].Count != columnNames.Count)
                throw new ArgumentException($"Row {r} (\"{rowNames[r]}\") has {values[r]?.Count ?? 0} sets of values; there are {columnNames.Count} columns.", nameof(values));
            for (var c = 0; c < columnNames.Count; c++) RequireFinite(values[r][c] ?? throw new ArgumentException($"values[{r}][{c}] is null.", nameof(values)), $"{nameof(values)}[{r}][{c}]");
        }
        if (!(from < to) || !double.IsFinite(from) || !double.IsFinite(to))
            throw new ArgumentException($"The range must be finite with from < to; got from = {from}, to = {to}.", nameof(to));
        if (bins < 1) throw new ArgumentException($"bins must be at least 1; got {bins}.", nameof(bins));

        var width = (to - from) / bins;
        var panels = new List<Plotly.NET.GenericChart>();
        for (var r = 0; r < values.Count; r++)
            for (var c = 0; c < columnNames.Count; c++)
            {
                var counts = new double[bins];
                foreach (var v in values[r][c])
                    if (v >= from && v <= to) counts[Math.Min((int)((v - from) / width), bins - 1)]++;
                // Each bar as an outline: up its left edge, across its top, down its right edge.
                var xs = new List<double>();
                var ys = new List<double>();
                for (var k = 0; k < bins; k++)
                {
                    double left = from + k * width, right = from + (k + 1) * width;
                    xs.AddRange([left, left, right, right]);
                    ys.AddRange([0, counts[k], counts[k], 0]);
                }
                var bars = Line(xs.ToArray(), ys.ToArray(), $"{rowNames[r]} · {columnNames[c]}", Palette[r % Palette.Length], width: 1.5);
                panels.Add(Axes(bars, r == values.Count - 1 ? "activation" : "", c == 0 ? rowNames[r] : ""));
            }
        var titles = Enumerable.Range(0, values.Count * columnNames.Count).Select(i => i < columnNames.Count ? columnNames[i] : "").ToArray();
        var grid = Plotly.NET.CSharp.Chart.Grid(panels, nRows: values.Count, nCols: columnNames.Count, SubPlotTitles: titles, XGap: 0.25, YGap: 0.15);
        return Layout(grid, title, 1000, 190 * values.Count + (title is null ? 70 : 100), showLegend: false);
    }

    /// <summary>
    /// Several loss curves on one chart, one colour each: the trailing moving average of <paramref name="smoothingWindow"/>
    /// iterations (0: about 1/50 of the iterations), on a logarithmic loss axis unless <paramref name="logY"/> is false.
    /// </summary>
    public static Plotly.NET.GenericChart LossCurves(IReadOnlyList<(string name, IReadOnlyList<double> loss)> runs,
        int smoothingWindow = 0, bool logY = true, string title = "Training loss")
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0) throw new ArgumentException("There are no runs to draw.", nameof(runs));
        for (var i = 0; i < runs.Count; i++)
        {
            RequireName(runs[i].name, $"{nameof(runs)}[{i}].name");
            RequireValues(runs[i].loss, $"{nameof(runs)}[{i}].loss");
            if (logY && runs[i].loss.Any(v => v <= 0))
                throw new ArgumentException($"runs[{i}] (\"{runs[i].name}\") has a loss ≤ 0, which a logarithmic axis cannot show.", nameof(runs));
        }
        if (smoothingWindow < 0)
            throw new ArgumentException($"The smoothing window must be 0 (automatic) or positive; got {smoothingWindow}.", nameof(smoothingWindow));
        var window = smoothingWindow == 0 ? Math.Max(1, runs.Max(r => r.loss.Count) / 50) : smoothingWindow;
        var traces = runs.Select((r, i) => Line(Enumerable.Range(1, r.loss.Count).ToArray(), MovingAverage(r.loss, window), r.name,
            Palette[i % Palette.Length], width: 2.5)).ToList();
        var chart = Style(Plotly.NET.CSharp.Chart.Combine(traces), $"{title} (average of {window} iterations)", "iteration",
            logY ? "loss (log scale)" : "loss", width: 800, height: 450);
        return logY ? Plotly.NET.CSharp.GenericChartExtensions.WithYAxisStyle<double, double, string>(chart, AxisType: Plotly.NET.StyleParam.AxisType.Log) : chart;
    }

    /// <summary>
    /// Train and test accuracy for several runs, measured every <paramref name="xStep"/> epochs from epoch 0 (before
    /// training): each run one colour, train solid and test dashed, on a 0–1 axis.
    /// </summary>
    public static Plotly.NET.GenericChart AccuracyRuns(IReadOnlyList<(string name, IReadOnlyList<double> train, IReadOnlyList<double> test)> runs,
        int xStep = 1, string xTitle = "epoch", string title = "Accuracy")
    {
        if (xStep < 1) throw new ArgumentException($"xStep must be at least 1; got {xStep}.", nameof(xStep));
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0) throw new ArgumentException("There are no runs to draw.", nameof(runs));
        var traces = new List<Plotly.NET.GenericChart>();
        for (var i = 0; i < runs.Count; i++)
        {
            RequireName(runs[i].name, $"{nameof(runs)}[{i}].name");
            RequireValues(runs[i].train, $"{nameof(runs)}[{i}].train");
            RequireValues(runs[i].test, $"{nameof(runs)}[{i}].test");
            if (runs[i].train.Count != runs[i].test.Count)
                throw new ArgumentException($"runs[{i}] (\"{runs[i].name}\") has {runs[i].train.Count} train but {runs[i].test.Count} test accuracies.", nameof(runs));
            var epochs = Enumerable.Range(0, runs[i].train.Count).Select(e => e * xStep).ToArray();
            traces.Add(Line(epochs, runs[i].train.ToArray(), $"{runs[i].name} · train", Palette[i % Palette.Length], width: 2.5));
            traces.Add(Line(epochs, runs[i].test.ToArray(), $"{runs[i].name} · test", Palette[i % Palette.Length], width: 2.5, dash: true));
        }
        return StyleAccuracyAxis(Style(Plotly.NET.CSharp.Chart.Combine(traces), title, xTitle, "accuracy", width: 800, height: 450));
    }

    // ---- lesson 10: accuracy curves as small multiples; groups of points on log axes ---------------------

    /// <summary>
    /// Small multiples: one panel per setting, titled, each with its accuracy curves measured every <paramref name="xStep"/>
    /// epochs from epoch 0, on a 0–1 axis, <paramref name="columns"/> panels per row. In every panel the i-th curve has the
    /// i-th palette colour, the first drawn solid and the others dashed, so the caller's title says which is which.
    /// </summary>
    public static Plotly.NET.GenericChart AccuracyGrid(
        IReadOnlyList<(string title, IReadOnlyList<(string name, IReadOnlyList<double> accuracy)> curves)> panels,
        int columns = 3, int xStep = 1, string xTitle = "epoch", string? title = null)
    {
        ArgumentNullException.ThrowIfNull(panels);
        if (panels.Count == 0) throw new ArgumentException("There are no panels to draw.", nameof(panels));
        if (columns < 1) throw new ArgumentException($"columns must be at least 1; got {columns}.", nameof(columns));
        if (xStep < 1) throw new ArgumentException($"xStep must be at least 1; got {xStep}.", nameof(xStep));
        var charts = new List<Plotly.NET.GenericChart>();
        for (var p = 0; p < panels.Count; p++)
        {
            RequireName(panels[p].title, $"{nameof(panels)}[{p}].title");
            if (panels[p].curves is null || panels[p].curves.Count == 0)
                throw new ArgumentException($"panels[{p}] (\"{panels[p].title}\") has no curves.", nameof(panels));
            var traces = new List<Plotly.NET.GenericChart>();
            for (var c = 0; c < panels[p].curves.Count; c++)
            {
                var (name, accuracy) = panels[p].curves[c];
                RequireName(name, $"{nameof(panels)}[{p}].curves[{c}].name");
                RequireValues(accuracy, $"{nameof(panels)}[{p}].curves[{c}].accuracy");
                var epochs = Enumerable.Range(0, accuracy.Count).Select(e => e * xStep).ToArray();
                traces.Add(Line(epochs, accuracy.ToArray(), $"{panels[p].title} · {name}", Palette[c % Palette.Length], width: 2, dash: c > 0));
            }
            var rowOfPanel = p / columns;
            var lastRow = (panels.Count - 1) / columns;
            charts.Add(StyleAccuracyAxis(Axes(Plotly.NET.CSharp.Chart.Combine(traces),
                rowOfPanel == lastRow ? xTitle : "", p % columns == 0 ? "accuracy" : "")));
        }
        var cols = Math.Min(columns, panels.Count);
        var rows = (panels.Count + cols - 1) / cols;
        var grid = Plotly.NET.CSharp.Chart.Grid(charts, nRows: rows, nCols: cols,
            SubPlotTitles: panels.Select(p => p.title).ToArray(), XGap: 0.12, YGap: 0.3);
        return Layout(grid, title, 1000, 260 * rows + (title is null ? 60 : 90), showLegend: false);
    }

    /// <summary>
    /// Groups of points, one colour and legend entry per group, on logarithmic x and y axes unless told otherwise (every
    /// value on a logarithmic axis must then be positive). Lesson 10 draws a random search's trials this way.
    /// </summary>
    public static Plotly.NET.GenericChart PointGroups(IReadOnlyList<(string name, double[] x, double[] y)> groups,
        string xTitle, string yTitle, string title, bool logX = true, bool logY = true)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Count == 0) throw new ArgumentException("There are no groups to draw.", nameof(groups));
        var traces = new List<Plotly.NET.GenericChart>();
        for (var g = 0; g < groups.Count; g++)
        {
            var (name, x, y) = groups[g];
            RequireName(name, $"{nameof(groups)}[{g}].name");
            RequireFinite(x ?? throw new ArgumentNullException($"{nameof(groups)}[{g}].x"), $"{nameof(groups)}[{g}].x");
            RequireFinite(y ?? throw new ArgumentNullException($"{nameof(groups)}[{g}].y"), $"{nameof(groups)}[{g}].y");
            if (x.Length != y.Length)
                throw new ArgumentException($"groups[{g}] (\"{name}\") has {x.Length} x but {y.Length} y values.", nameof(groups));
            if ((logX && x.Any(v => v <= 0)) || (logY && y.Any(v => v <= 0)))
                throw new ArgumentException($"groups[{g}] (\"{name}\") has a value ≤ 0, which a logarithmic axis cannot show.", nameof(groups));
            traces.Add(Plotly.NET.CSharp.Chart.Point<double, double, string>(x, y, Name: name,
                MarkerColor: Plotly.NET.Color.fromHex(Palette[g % Palette.Length]), UseDefaults: false));
        }
        var chart = Style(Plotly.NET.CSharp.Chart.Combine(traces), title, xTitle, yTitle, width: 800, height: 480);
        if (logX) chart = Plotly.NET.CSharp.GenericChartExtensions.WithXAxisStyle<double, double, string>(chart, AxisType: Plotly.NET.StyleParam.AxisType.Log);
        if (logY) chart = Plotly.NET.CSharp.GenericChartExtensions.WithYAxisStyle<double, double, string>(chart, AxisType: Plotly.NET.StyleParam.AxisType.Log);
        return chart;
    }

    // ---- shared building blocks ------------------------------------------------------------------------

    static Plotly.NET.GenericChart LossTraces(IReadOnlyList<double> loss, int window)
    {
        if (window == 0) window = Math.Max(1, loss.Count / 50);
        var iterations = Enumerable.Range(1, loss.Count).ToArray();
        return Plotly.NET.CSharp.Chart.Combine(
        [
            Line(iterations, loss.ToArray(), "loss", Palette[0], width: 1, opacity: 0.35),
            Line(iterations, MovingAverage(loss, window), $"average of {window}", Palette[0], width: 3),
        ]);
    }

    static Plotly.NET.GenericChart AccuracyTraces(IReadOnlyList<double> train, IReadOnlyList<double> test, string testArgument)
    {
        if (train.Count != test.Count)
            throw new ArgumentException($"There are {train.Count} train accuracies but {test.Count} test accuracies; give one of each per epoch.", testArgument);
        var epochs = Enumerable.Range(1, train.Count).ToArray();
        return Plotly.NET.CSharp.Chart.Combine(
        [
            Line(epochs, train.ToArray(), "train", Palette[0], width: 3, markers: true),
            Line(epochs, test.ToArray(), "test", Palette[1], width: 3, markers: true, dash: true),
        ]);
    }

    /// <summary>Labels like "0".."9" are names, not numbers: without this plotly.js would tick only every other one.</summary>
    static Plotly.NET.GenericChart Categorical(Plotly.NET.GenericChart chart, bool x, bool y)
    {
        if (x) chart = Plotly.NET.CSharp.GenericChartExtensions.WithXAxisStyle<double, double, string>(chart, AxisType: Plotly.NET.StyleParam.AxisType.Category);
        if (y) chart = Plotly.NET.CSharp.GenericChartExtensions.WithYAxisStyle<double, double, string>(chart, AxisType: Plotly.NET.StyleParam.AxisType.Category);
        return chart;
    }

    static Plotly.NET.GenericChart StyleAccuracyAxis(Plotly.NET.GenericChart chart) =>
        Plotly.NET.CSharp.GenericChartExtensions.WithYAxisStyle<double, double, string>(chart, MinMax: Tuple.Create(0.0, 1.0));

    static Plotly.NET.GenericChart Line<TX>(TX[] x, double[] y, string name, string color,
        double width = 2, double opacity = 1, bool markers = false, bool dash = false) where TX : IConvertible =>
        Plotly.NET.CSharp.Chart.Line<TX, double, string>(
            x, y,
            ShowMarkers: markers,
            Name: name,
            Opacity: opacity,
            LineColor: Plotly.NET.Color.fromHex(color),
            MarkerColor: Plotly.NET.Color.fromHex(color),
            LineWidth: width,
            LineDash: dash ? Plotly.NET.StyleParam.DrawingStyle.Dash : Plotly.NET.StyleParam.DrawingStyle.Solid,
            UseDefaults: false);

    static Plotly.NET.GenericChart Style(Plotly.NET.GenericChart chart, string title, string xTitle, string yTitle,
        int width = DefaultWidth, int height = DefaultHeight, bool showLegend = true) =>
        Layout(Axes(chart, xTitle, yTitle), title, width, height, showLegend);

    static Plotly.NET.GenericChart Axes(Plotly.NET.GenericChart chart, string xTitle, string yTitle)
    {
        var titleFont = Font(14);
        chart = Plotly.NET.CSharp.GenericChartExtensions.WithXAxisStyle<double, double, string>(chart,
            TitleText: xTitle, TitleFont: titleFont, ShowGrid: true, GridColor: Plotly.NET.Color.fromHex(Grid),
            ShowLine: true, LineColor: Plotly.NET.Color.fromHex(AxisLine), ZeroLine: false);
        return Plotly.NET.CSharp.GenericChartExtensions.WithYAxisStyle<double, double, string>(chart,
            TitleText: yTitle, TitleFont: titleFont, ShowGrid: true, GridColor: Plotly.NET.Color.fromHex(Grid),
            ShowLine: true, LineColor: Plotly.NET.Color.fromHex(AxisLine),
            ZeroLine: true, ZeroLineColor: Plotly.NET.Color.fromHex(AxisLine));
    }

    static Plotly.NET.GenericChart Layout(Plotly.NET.GenericChart chart, string? title, int width, int height, bool showLegend = true)
    {
        // Layout.init cannot be called from C# against both versions (Plotly.NET 6 made all of its ~70 parameters
        // required), so the layout is filled as the DynamicObject it is; the names are plotly.js's own.
        var layout = new Plotly.NET.Layout();
        void Set(string property, object value) => layout.TrySetMember(new PropertyName(property), value);
        if (title is not null)
            Set("title", Plotly.NET.Title.init(Text: title, Font: Font(18), AutoMargin: null, Pad: null,
                X: 0.02, XAnchor: null, XRef: null, Y: null, YAnchor: null, YRef: null, Standoff: null, Side: null));
        Set("showlegend", showLegend);
        Set("width", width);
        Set("height", height);
        Set("font", Font(13));
        Set("paper_bgcolor", "#ffffff");
        Set("plot_bgcolor", "#ffffff");
        Set("margin", Plotly.NET.LayoutObjects.Margin.init<int, int, int, int, int, bool>(
            Left: 60, Right: 20, Top: title is null ? 40 : 70, Bottom: 50, Pad: null, Autoexpand: null));
        return Plotly.NET.GenericChart.addLayout(layout, chart);
    }

    /// <summary>
    /// Names a property for DynamicObject.TrySetMember. Plotly.NET 5's DynamicObj calls its setter SetValue and
    /// Plotly.NET 6's SetProperty, but both are System.Dynamic.DynamicObject; this avoids `dynamic`, which would
    /// need Microsoft.CSharp referenced in the notebook.
    /// </summary>
    sealed class PropertyName(string name) : System.Dynamic.SetMemberBinder(name, ignoreCase: false)
    {
        public override System.Dynamic.DynamicMetaObject FallbackSetMember(
            System.Dynamic.DynamicMetaObject target, System.Dynamic.DynamicMetaObject value, System.Dynamic.DynamicMetaObject? errorSuggestion) =>
            throw new NotSupportedException("Only used to name a property for DynamicObject.TrySetMember.");
    }

    static Plotly.NET.Font Font(double size) =>
        Plotly.NET.Font.init(Family: null, Size: size, Color: Plotly.NET.Color.fromHex(Ink));

    static double[] MovingAverage(IReadOnlyList<double> values, int window)
    {
        // Trailing window: point i averages the last `window` values up to i, so the curve never looks ahead.
        var result = new double[values.Count];
        var sum = 0.0;
        for (var i = 0; i < values.Count; i++)
        {
            sum += values[i];
            if (i >= window) sum -= values[i - window];
            result[i] = sum / Math.Min(i + 1, window);
        }
        return result;
    }

    static double[] Sample(Func<double, double> f, double[] x, string argument)
    {
        var y = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            y[i] = f(x[i]);
            if (!double.IsFinite(y[i]))
                throw new ArgumentException($"{argument}({x[i]}) = {y[i]}; a chart needs finite values over the whole range.", argument);
        }
        return y;
    }

    static void RequireValues(IReadOnlyList<double> values, string argument)
    {
        if (values is null) throw new ArgumentNullException(argument);
        if (values.Count == 0) throw new ArgumentException($"{argument} is empty; there is nothing to draw.", argument);
        RequireFinite(values, argument);
    }

    static void RequireFinite(IReadOnlyList<double> values, string argument)
    {
        for (var i = 0; i < values.Count; i++)
            if (!double.IsFinite(values[i]))
                throw new ArgumentException($"{argument}[{i}] = {values[i]}; a chart needs finite values.", argument);
    }

    static void RequireName(string name, string argument)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException($"{argument} must not be empty.", argument);
    }
    // ---- lessons 6 and 7: first-layer weights as images; the loss on a log axis, a sum of hidden units -----------

    /// <summary>
    /// Loss per iteration (index 0 = before the first step) on a logarithmic loss axis, so that a fall from 100 to
    /// 0.01 shows every factor of ten equally: the long slow tail stays visible instead of lying flat on zero.
    /// </summary>
    public static Plotly.NET.GenericChart LossOnLogAxis(IReadOnlyList<double> lossPerIteration, string title = "Loss (log scale)")
    {
        RequireValues(lossPerIteration, nameof(lossPerIteration));
        RequireName(title, nameof(title));
        for (var i = 0; i < lossPerIteration.Count; i++)
            if (lossPerIteration[i] <= 0)
                throw new ArgumentException($"{nameof(lossPerIteration)}[{i}] = {lossPerIteration[i]}; a log axis needs positive values.", nameof(lossPerIteration));

        var iterations = Enumerable.Range(0, lossPerIteration.Count).ToArray();
        var chart = Style(Line(iterations, lossPerIteration.ToArray(), "loss", Palette[0], width: 2.5),
            title, "iteration", "loss (log scale)", showLegend: false);
        return Plotly.NET.CSharp.GenericChartExtensions.WithYAxisStyle<double, double, string>(chart,
            AxisType: Plotly.NET.StyleParam.AxisType.Log);
    }

    /// <summary>
    /// Weight vectors of 784 values (e.g. the columns of a 784×50 first-layer W) as 28×28 images side by side in one
    /// picture, <paramref name="columns"/> per row with white gaps. Each image is scaled by its own largest |weight|:
    /// red is positive (that pixel's ink raises the unit's input), blue negative, white zero.
    /// </summary>
    public static Plotly.NET.GenericChart WeightImages(IReadOnlyList<double[]> weights, int columns = 10,
        string title = "First-layer weights, one 28×28 image per hidden unit (red +, blue −)")
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count == 0) throw new ArgumentException("There are no weight vectors to show.", nameof(weights));
        if (columns < 1) throw new ArgumentException($"columns must be at least 1; got {columns}.", nameof(columns));
        RequireName(title, nameof(title));
        for (var i = 0; i < weights.Count; i++)
        {
            if (weights[i] is null) throw new ArgumentException($"weights[{i}] is null.", nameof(weights));
            if (weights[i].Length != 784)
                throw new ArgumentException($"weights[{i}] has {weights[i].Length} values; an image has 784 (28×28, row by row).", nameof(weights));
            RequireFinite(weights[i], $"{nameof(weights)}[{i}]");
        }

        const int side = 28, gap = 2, tile = side + gap;
        var columnsUsed = Math.Min(columns, weights.Count);
        var rows = (weights.Count + columnsUsed - 1) / columnsUsed;
        // One heatmap for all images (a single trace draws fast); the gaps hold 0, which the colour scale paints white.
        var mosaic = new double[rows * tile - gap][];
        for (var r = 0; r < mosaic.Length; r++) mosaic[r] = new double[columnsUsed * tile - gap];
        for (var k = 0; k < weights.Count; k++)
        {
            var scale = weights[k].Max(Math.Abs);
            if (scale == 0) scale = 1;
            int top = k / columnsUsed * tile, left = k % columnsUsed * tile;
            for (var p = 0; p < 784; p++) mosaic[top + p / side][left + p % side] = weights[k][p] / scale;
        }

        // White exactly at 0 whatever the range the heatmap spans (its colour axis runs from the smallest to the largest value).
        var low = Math.Min(mosaic.Min(row => row.Min()), 0.0);
        var high = Math.Max(mosaic.Max(row => row.Max()), 0.0);
        var zero = high > low ? -low / (high - low) : 0.5;
        var stops = new List<Tuple<double, Plotly.NET.Color>>();
        if (zero > 0) stops.Add(Tuple.Create(0.0, Plotly.NET.Color.fromHex("#1d4ed8")));
        stops.Add(Tuple.Create(zero, Plotly.NET.Color.fromHex("#ffffff")));
        if (zero < 1) stops.Add(Tuple.Create(1.0, Plotly.NET.Color.fromHex("#b91c1c")));

        var hidden = Plotly.NET.Color.fromString("rgba(0,0,0,0)");
        var heatmap = Plotly.NET.CSharp.Chart.Heatmap<double, int, int, string>(
            zData: mosaic,
            ColorScale: Plotly.NET.StyleParam.Colorscale.NewCustom(stops.ToArray()),
            ShowScale: false,
            ReverseYAxis: true,           // row 0 of each image at its top
            UseDefaults: false);
        heatmap = Plotly.NET.CSharp.GenericChartExtensions.WithXAxisStyle<double, double, string>(heatmap,
            ShowGrid: false, ZeroLine: false, Color: hidden);   // transparent: no ticks or numbers
        heatmap = Plotly.NET.CSharp.GenericChartExtensions.WithYAxisStyle<double, double, string>(heatmap,
            ShowGrid: false, ZeroLine: false, Color: hidden);   // transparent: no ticks or numbers
        // Square pixels: the plot area (width − 80, height − 120 for the margins) has the mosaic's aspect ratio.
        var width = Math.Clamp(80 + 3 * mosaic[0].Length, 300, 900);
        var plotHeight = (int)Math.Round((width - 80.0) * mosaic.Length / mosaic[0].Length);
        return Layout(heatmap, title, width, plotHeight + 120, showLegend: false);
    }

    // ---- lesson 11: a small matrix with its numbers written in; filters and feature maps as grey pictures -----------

    /// <summary>
    /// A small matrix drawn as a table: each cell coloured from white (smallest value) to blue (largest) with its number
    /// written in it, row 0 on top, as the matrix is printed (e.g. an im2col matrix, or how many patches cover each pixel).
    /// </summary>
    public static Plotly.NET.GenericChart NumberGrid(IReadOnlyList<double[]> rows, string title,
        string xTitle = "column", string yTitle = "row", string format = "0.##")
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) throw new ArgumentException("There are no rows to draw.", nameof(rows));
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i] is null || rows[i].Length == 0) throw new ArgumentException($"rows[{i}] is empty.", nameof(rows));
            if (rows[i].Length != rows[0].Length)
                throw new ArgumentException($"rows[{i}] has {rows[i].Length} values but rows[0] has {rows[0].Length}; a matrix has rows of one length.", nameof(rows));
            RequireFinite(rows[i], $"{nameof(rows)}[{i}]");
        }
        RequireName(title, nameof(title));

        var columnLabels = Enumerable.Range(0, rows[0].Length).Select(j => j.ToString()).ToArray();
        var rowLabels = Enumerable.Range(0, rows.Count).Select(i => i.ToString()).ToArray();
        var text = rows.Select(row => row.Select(v => v.ToString(format, System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToArray();
        var white = Plotly.NET.Color.fromHex("#ffffff");
        var blue = Plotly.NET.Color.fromHex("#60a5fa");
        var heatmap = Plotly.NET.CSharp.Chart.AnnotatedHeatmap<double, string, string, string>(
            zData: rows.ToArray(),
            annotationText: text,
            X: columnLabels,
            Y: rowLabels,
            ColorScale: Plotly.NET.StyleParam.Colorscale.NewCustom(new[] { Tuple.Create(0.0, white), Tuple.Create(1.0, blue) }),
            ShowScale: false,
            ReverseYAxis: true,           // row 0 on top, as a matrix is printed
            UseDefaults: false);
        heatmap = Categorical(heatmap, x: true, y: true);
        var cell = Math.Clamp(640 / Math.Max(rows[0].Length, rows.Count), 18, 48);
        // Wide enough for the title too (about 10 pixels per character at the title's size), up to 900.
        var width = Math.Max(120 + cell * rows[0].Length, Math.Min(900, 40 + 10 * title.Length));
        return Style(heatmap, title, xTitle, yTitle, width: Math.Max(320, width), height: Math.Max(240, 130 + cell * rows.Count), showLegend: false);
    }

    /// <summary>
    /// Small grey-scale pictures of any size (each <paramref name="height"/>×<paramref name="width"/> values, row by row),
    /// <paramref name="columns"/> per row, each scaled to its own range: its smallest value white, its largest black, as the
    /// book draws a convolution's filters (matplotlib's gray_r). Captions, if given, are written above the pictures.
    /// </summary>
    public static Plotly.NET.GenericChart Tiles(IReadOnlyList<double[]> tiles, int height, int width,
        IReadOnlyList<string>? captions = null, int columns = 10, string? title = null, int tileSize = 60)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        if (tiles.Count == 0) throw new ArgumentException("There are no pictures to show.", nameof(tiles));
        if (height < 1 || width < 1) throw new ArgumentException($"A picture needs a positive size; got {height}×{width}.", nameof(height));
        if (columns < 1) throw new ArgumentException($"columns must be at least 1; got {columns}.", nameof(columns));
        if (tileSize < 10) throw new ArgumentException($"tileSize must be at least 10 pixels; got {tileSize}.", nameof(tileSize));
        if (captions is not null && captions.Count != tiles.Count)
            throw new ArgumentException($"There are {tiles.Count} pictures but {captions.Count} captions; give one caption per picture.", nameof(captions));
        for (var k = 0; k < tiles.Count; k++)
        {
            if (tiles[k] is null) throw new ArgumentException($"tiles[{k}] is null.", nameof(tiles));
            if (tiles[k].Length != height * width)
                throw new ArgumentException($"tiles[{k}] has {tiles[k].Length} values; a {height}×{width} picture has {height * width} (row by row).", nameof(tiles));
            RequireFinite(tiles[k], $"{nameof(tiles)}[{k}]");
        }

        var columnsUsed = Math.Min(columns, tiles.Count);
        var rows = (tiles.Count + columnsUsed - 1) / columnsUsed;
        var transparent = Plotly.NET.Color.fromString("rgba(0,0,0,0)");
        // One heatmap per picture: each trace's colour axis spans its own values, which is the per-picture scaling.
        var cells = tiles.Select(tile =>
        {
            var pixels = Enumerable.Range(0, height).Select(r => tile.AsSpan(r * width, width).ToArray()).ToArray();
            var heatmap = Plotly.NET.CSharp.Chart.Heatmap<double, int, int, string>(
                zData: pixels,
                ColorScale: Plotly.NET.StyleParam.Colorscale.Greys,
                ReverseScale: true,       // largest value black, smallest white (gray_r)
                ShowScale: false,
                ReverseYAxis: true,       // row 0 at the top
                UseDefaults: false);
            heatmap = Plotly.NET.CSharp.GenericChartExtensions.WithXAxisStyle<double, double, string>(heatmap,
                ShowGrid: false, ZeroLine: false, Color: transparent);
            return Plotly.NET.CSharp.GenericChartExtensions.WithYAxisStyle<double, double, string>(heatmap,
                ShowGrid: false, ZeroLine: false, Color: transparent);
        }).ToArray();

        var grid = captions is null
            ? Plotly.NET.CSharp.Chart.Grid(cells, nRows: rows, nCols: columnsUsed, XGap: 0.08, YGap: 0.08)
            : Plotly.NET.CSharp.Chart.Grid(cells, nRows: rows, nCols: columnsUsed, SubPlotTitles: captions.ToArray(), XGap: 0.08, YGap: 0.25);
        var rowHeight = captions is null ? tileSize : tileSize + 24;
        return Layout(grid, title, Math.Max(260, 80 + tileSize * columnsUsed), (title is null ? 90 : 120) + rowHeight * rows, showLegend: false);
    }

    /// <summary>
    /// A one-hidden-layer regression taken apart: each hidden unit's contribution (e.g. W2ᵢ·σ(W1ᵢ·x + b1ᵢ)) as a thin
    /// line over <paramref name="x"/>, the output bias as a dashed line, and their sum — the network's output — in bold
    /// over the data points (<paramref name="dataX"/>, <paramref name="dataY"/>).
    /// </summary>
    public static Plotly.NET.GenericChart HiddenUnitsSum(double[] x, IReadOnlyList<double[]> contributions, double bias,
        double[] dataX, double[] dataY)
    {
        RequireValues(x, nameof(x));
        ArgumentNullException.ThrowIfNull(contributions);
        if (contributions.Count == 0) throw new ArgumentException("There are no hidden units to draw.", nameof(contributions));
        for (var i = 0; i < contributions.Count; i++)
        {
            if (contributions[i] is null || contributions[i].Length != x.Length)
                throw new ArgumentException($"contributions[{i}] has {contributions[i]?.Length ?? 0} values; x has {x.Length}.", nameof(contributions));
            RequireFinite(contributions[i], $"{nameof(contributions)}[{i}]");
        }
        if (!double.IsFinite(bias)) throw new ArgumentException($"bias = {bias}; a chart needs finite values.", nameof(bias));
        RequireValues(dataX, nameof(dataX));
        RequireValues(dataY, nameof(dataY));
        if (dataY.Length != dataX.Length)
            throw new ArgumentException($"dataX has {dataX.Length} values but dataY has {dataY.Length}.", nameof(dataY));

        var sum = x.Select((_, j) => bias + contributions.Sum(c => c[j])).ToArray();
        var traces = new List<Plotly.NET.GenericChart>
        {
            Plotly.NET.CSharp.Chart.Point<double, double, string>(dataX, dataY, Name: "data", MarkerColor: Plotly.NET.Color.fromHex(AxisLine), UseDefaults: false),
        };
        for (var i = 0; i < contributions.Count; i++)
            traces.Add(Plotly.NET.CSharp.Chart.Line<double, double, string>(x, contributions[i],
                Name: i == 0 ? $"each of the {contributions.Count} hidden units" : $"hidden unit {i + 1}",
                ShowLegend: i == 0,
                Opacity: 0.75,
                LineColor: Plotly.NET.Color.fromHex(Palette[4]),
                LineWidth: 1,
                UseDefaults: false));
        traces.Add(Line(new[] { x[0], x[^1] }, new[] { bias, bias }, $"output bias b2 = {bias:0.00}", Palette[1], width: 2, dash: true));
        traces.Add(Line(x, sum, "their sum + b2 = the network's output", Palette[0], width: 4));
        return Style(Plotly.NET.CSharp.Chart.Combine(traces), "The fit as a sum of hidden units", "x", "y", width: 800, height: 520);
    }

    /// <summary>
    /// Shows <paramref name="chart"/> (a chart, or anything the kernel can show) in the running cell's output and returns a handle whose <see cref="LiveChart.Update"/>
    /// redraws it in place, from this or a later cell (a training cell redraws its dashboard after every epoch).
    /// Why not the kernel's <c>display(chart)</c>: in the last .NET Interactive release the handle it returns updates
    /// nothing; <c>KernelInvocationContextExtensions.Display</c> on the current context does. Reached by reflection, so this
    /// file needs no reference to the kernel. Outside a kernel (or if the kernel's API changes) nothing is shown and
    /// Update does nothing: the cell's printed lines remain the whole report.
    /// </summary>
    public static LiveChart DisplayLive(object chart)
    {
        object? shown = null;
        try
        {
            var context = KernelType("Microsoft.DotNet.Interactive.KernelInvocationContext")?.GetProperty("Current")?.GetValue(null);
            var display = KernelType("Microsoft.DotNet.Interactive.KernelInvocationContextExtensions")?.GetMethods()
                .FirstOrDefault(m => m.Name == "Display" && m.GetParameters().Length == 3 && m.GetParameters()[1].ParameterType == typeof(object));
            if (context is not null && display is not null) shown = display.Invoke(null, [context, chart, Array.Empty<string>()]);
        }
        catch (System.Reflection.TargetInvocationException)
        {
            shown = null;
        }
        return new LiveChart(shown);
    }

    // The kernel's type of that name, from the assemblies loaded (the kernel's own), or null outside a kernel.
    private static Type? KernelType(string name)
    {
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (!assembly.GetName().Name!.StartsWith("Microsoft.DotNet.Interactive", StringComparison.Ordinal)) continue;
            var type = assembly.GetType(name, throwOnError: false);
            if (type is not null) return type;
        }
        return null;
    }

    /// <summary>A chart shown by <see cref="DisplayLive"/>; <see cref="Update"/> replaces it with another.</summary>
    public sealed class LiveChart
    {
        private readonly object? _shown;

        internal LiveChart(object? shown) => _shown = shown;

        /// <summary>True when the chart is on the page (a kernel showed it).</summary>
        public bool IsShown => _shown is not null;

        /// <summary>Redraws the chart in place with <paramref name="chart"/> (a chart, or anything the kernel can show).</summary>
        public void Update(object chart) =>
            _shown?.GetType().GetMethod("Update", [typeof(object)])?.Invoke(_shown, [chart]);
    }
}
