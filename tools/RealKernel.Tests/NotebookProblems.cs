using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Course.RealKernel.Tests;

/// <summary>One problem in one cell: <see cref="Cell"/> counts every cell from 1, as a reader counts them (and the engine reports).</summary>
internal sealed record CellProblem(int Cell, string Text)
{
    public override string ToString() => $"cell {Cell}: {Text}";
}

/// <summary>
/// What went wrong in a notebook executed by the real kernel, read from its outputs as that kernel writes them:
/// <list type="bullet">
/// <item>a compile error is an <c>error</c> output (ename "Error", evalue "compilation error", no traceback) and its
/// diagnostics as stderr lines <c>(5,50): error CS0103: …</c>;</item>
/// <item>a compiler warning is only a stderr line, <c>(5,27): warning CS8632: …</c>, or with the file of a <c>#load</c>ed script
/// before the position, or without a position (<c>warning CS1701: …</c>);</item>
/// <item>an exception is an <c>error</c> output whose evalue is the exception's text.</item>
/// </list>
/// One error is allowed and counted apart: a chart cell's <c>Could not load file or assembly 'FSharp.Core, Version=10.1.0.0'</c>
/// from Plotly.NET, when the package source lacks Plotly.NET.Interactive 5.x (the notebooks ask for 5.0.0; a source without it
/// resolves 6.0.0, built on FSharp.Core 10.1, which the tool does not carry). Where 5.x was installed that error is an error.
/// </summary>
internal sealed partial class NotebookProblems
{
    public required int CodeCells { get; init; }
    public required IReadOnlyList<CellProblem> Errors { get; init; }
    public required IReadOnlyList<CellProblem> Warnings { get; init; }

    /// <summary>Cells whose chart failed with the allowed FSharp.Core 10.1 load error.</summary>
    public required IReadOnlyList<int> ChartCells { get; init; }

    /// <summary>The Plotly.NET.Interactive version the kernel installed, when the notebook asked for it.</summary>
    public required string? PlotlyInteractive { get; init; }

    public bool Clean => Errors.Count == 0 && Warnings.Count == 0;

    public int ErrorCells => Errors.Select(e => e.Cell).Distinct().Count();

    /// <summary>Reads an executed notebook (nbformat 4 JSON); absolute paths under <paramref name="repositoryRoot"/> are shown relative to it.</summary>
    public static NotebookProblems Read(JsonNode notebook, string? repositoryRoot = null)
    {
        var cells = notebook["cells"]?.AsArray() ?? throw new FormatException("the notebook has no cells array");
        var plotly = cells.SelectMany(Outputs).Select(PlotlyInteractiveVersion).FirstOrDefault(v => v is not null);
        var chartsAllowed = plotly is not null && !plotly.StartsWith("5.", StringComparison.Ordinal);

        var errors = new List<CellProblem>();
        var warnings = new List<CellProblem>();
        var charts = new List<int>();
        var notRun = new List<int>();
        var codeCells = 0;
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = cells[i]!;
            if (cell["cell_type"]?.GetValue<string>() != "code") continue;
            codeCells++;
            var number = i + 1;
            var outputs = Outputs(cell).ToList();
            // JSON null reads as a null node: the cell never ran (a cell before it timed out, or the kernel died). Blank cells are not run.
            if (cell["execution_count"] is null && Text(cell["source"]).Trim().Length > 0) notRun.Add(number);

            var diagnostics = outputs.Where(o => Type(o) == "stream")
                .SelectMany(o => Text(o["text"]).Split('\n'))
                .Select(l => Shorten(l.Trim(), repositoryRoot))
                .ToList();
            warnings.AddRange(diagnostics.Where(l => Warning().IsMatch(l)).Select(l => new CellProblem(number, l)));
            var compileErrors = diagnostics.Where(l => CompileError().IsMatch(l)).ToList();
            errors.AddRange(compileErrors.Select(l => new CellProblem(number, l)));

            foreach (var error in outputs.Where(o => Type(o) == "error"))
            {
                var name = error["ename"]?.GetValue<string>() ?? "";
                var value = error["evalue"]?.GetValue<string>() ?? "";
                var whole = value + "\n" + string.Join("\n", error["traceback"]?.AsArray().Select(t => t?.GetValue<string>()) ?? []);
                if (IsChartError(whole))
                {
                    if (chartsAllowed) { if (!charts.Contains(number)) charts.Add(number); continue; }
                    var why = plotly is null ? "Plotly.NET.Interactive was not installed" : $"Plotly.NET.Interactive {plotly} was installed";
                    errors.Add(new CellProblem(number, $"{FirstLine(value)} ({why}, so this is not the allowed chart error)"));
                    continue;
                }
                // A compile error's diagnostics are already listed; its error output only says "compilation error".
                if (compileErrors.Count > 0 && value.Trim() == "compilation error") continue;
                errors.Add(new CellProblem(number, $"{name}: {Shorten(FirstLine(value), repositoryRoot)}"));
            }
        }
        if (notRun.Count > 0)
            errors.Add(new CellProblem(notRun[0], notRun.Count == 1 ? "did not run" : $"did not run, nor did cells {string.Join(", ", notRun.Skip(1))}"));
        return new NotebookProblems { CodeCells = codeCells, Errors = errors, Warnings = warnings, ChartCells = charts, PlotlyInteractive = plotly };
    }

    /// <summary>The failure message: every error and warning, one per line, then the chart cells.</summary>
    public string Describe(string notebook)
    {
        var text = new StringBuilder();
        text.AppendLine($"{notebook} in the real kernel: {Errors.Count} error(s) in {ErrorCells} cell(s), {Warnings.Count} compiler warning(s)");
        foreach (var problem in Errors.Concat(Warnings).OrderBy(p => p.Cell)) text.AppendLine($"  {problem}");
        text.Append($"  {ChartSummary()}");
        return text.ToString();
    }

    /// <summary>One line naming the chart cells the FSharp.Core 10.1 load error blocked (never hidden).</summary>
    public string ChartSummary() => ChartCells.Count == 0
        ? "no chart cell blocked by FSharp.Core 10.1"
        : $"{ChartCells.Count} chart cell(s) blocked by FSharp.Core 10.1 (allowed: Plotly.NET.Interactive {PlotlyInteractive} installed, 5.x not on the source): cells {string.Join(", ", ChartCells)}";

    private static bool IsChartError(string text) =>
        text.Contains("Could not load file or assembly 'FSharp.Core, Version=10.1.", StringComparison.Ordinal)
        && text.Contains("Plotly.NET", StringComparison.Ordinal);

    /// <summary>From "Installed Packages" (<c>Plotly.NET.Interactive, 6.0.0</c>) or the extension's path (<c>plotly.net.interactive/6.0.0/</c>).</summary>
    private static string? PlotlyInteractiveVersion(JsonNode output)
    {
        var data = output["data"] as JsonObject;
        var texts = (data ?? []).Select(d => Text(d.Value)).Append(Text(output["text"]));
        return texts.Select(t => PlotlyInteractivePackage().Match(t)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
    }

    private static IEnumerable<JsonNode> Outputs(JsonNode? cell) =>
        cell?["outputs"]?.AsArray().Where(o => o is not null).Select(o => o!) ?? [];

    private static string Type(JsonNode output) => output["output_type"]?.GetValue<string>() ?? "";

    /// <summary>nbformat's multiline strings: a string or an array of strings.</summary>
    private static string Text(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>())),
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String => value.GetValue<string>(),
        _ => "",
    };

    private static string FirstLine(string text)
    {
        var line = text.Trim().Split('\n')[0].Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }

    private static string Shorten(string line, string? root) =>
        string.IsNullOrEmpty(root) ? line : line.Replace(root.TrimEnd('/') + "/", "", StringComparison.Ordinal);

    [GeneratedRegex(@"\bwarning CS\d{4}\b")]
    private static partial Regex Warning();

    [GeneratedRegex(@"\berror CS\d{4}\b")]
    private static partial Regex CompileError();

    [GeneratedRegex(@"plotly\.net\.interactive(?:, |/)(\d+\.\d+\.\d+[^/<\s]*)", RegexOptions.IgnoreCase)]
    private static partial Regex PlotlyInteractivePackage();
}
