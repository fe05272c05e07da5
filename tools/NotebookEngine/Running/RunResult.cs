using Course.NotebookEngine.Format;

namespace Course.NotebookEngine.Running;

/// <summary>The result of running a notebook (or a list of snippets).</summary>
/// <param name="Name">The notebook's file name, or "snippets".</param>
/// <param name="Notebook">The notebook with its new outputs (null for snippets); save it to get the executed file.</param>
/// <param name="Cells">One result per code cell, in order.</param>
/// <param name="Duration">Wall-clock time of the whole run, worker start included.</param>
public sealed record RunResult(string Name, Notebook? Notebook, IReadOnlyList<CellResult> Cells, TimeSpan Duration)
{
    /// <summary>Every code cell succeeded.</summary>
    public bool Succeeded => Cells.All(c => c.Succeeded);

    /// <summary>The first cell that failed, timed out or crashed.</summary>
    public CellResult? FirstFailure => Cells.FirstOrDefault(c => c.Status is CellStatus.Failed or CellStatus.TimedOut or CellStatus.Crashed);

    /// <summary>"notebook X, cell N, line L: error", or null when the run succeeded.</summary>
    public string? FailureSummary => FirstFailure is { } cell
        ? $"notebook {Name}, cell {cell.Number}{(cell.Line is { } line ? $", line {line}" : "")}: {Describe(cell)}"
        : null;

    private static string Describe(CellResult cell) => cell.Error is { } error && error.Name.Contains('.')
        ? $"{error.Name}: {FirstLine(error.Value)}"
        : FirstLine(cell.Error?.Value);

    private static string FirstLine(string? text) =>
        text is null ? "error" : text.Split('\n')[0];
}
