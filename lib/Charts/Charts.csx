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

        var columnsUsed = Math.Min(columns, images.Count);
        var rows = (images.Count + columnsUsed - 1) / columnsUsed;
        var transparent = Plotly.NET.Color.fromString("rgba(0,0,0,0)");
        var cells = images.Select(image =>
        {
            var pixels = Enumerable.Range(0, 28).Select(r => image.AsSpan(r * 28, 28).ToArray()).ToArray();
            var heatmap = Plotly.NET.CSharp.Chart.Heatmap<double, int, int, string>(
                zData: pixels,
                ColorScale: Plotly.NET.StyleParam.Colorscale.Greys,
                ReverseScale: true,       // ink dark on white paper
                ShowScale: false,
                ReverseYAxis: true,       // row 0 is the top of the digit
                UseDefaults: false);
            heatmap = Plotly.NET.CSharp.GenericChartExtensions.WithXAxisStyle<double, double, string>(heatmap,
                ShowGrid: false, ZeroLine: false, Color: transparent);
            return Plotly.NET.CSharp.GenericChartExtensions.WithYAxisStyle<double, double, string>(heatmap,
                ShowGrid: false, ZeroLine: false, Color: transparent);
        }).ToArray();

        var grid = Plotly.NET.CSharp.Chart.Grid(cells, nRows: rows, nCols: columnsUsed,
            SubPlotTitles: captions.ToArray(), XGap: 0.08, YGap: 0.25);
        return Layout(grid, null, Math.Max(260, 130 * columnsUsed), 60 + 150 * rows, showLegend: false);
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
}
