using Course.NotebookEngine.Outputs;

namespace Course.NotebookEngine.Running;

/// <summary>The result of one code cell.</summary>
/// <param name="Number">The cell's 1-based position in the notebook (every cell counts), or the snippet's 1-based index.</param>
/// <param name="Kernel">The kernel that ran it ("csharp", "markdown", …).</param>
/// <param name="Status">How it ended.</param>
/// <param name="Outputs">Its outputs, consecutive stream writes merged.</param>
/// <param name="Duration">Wall-clock time, measured by the parent.</param>
/// <param name="ExecutionCount">The [n] a notebook shows, or null when the cell did not execute.</param>
/// <param name="Line">For a failure: the line in the cell it points at, when known.</param>
/// <param name="Captured">For a snippet run with a <see cref="VariableCapture"/> that succeeded: what the worker read from its variable.</param>
public sealed record CellResult(int Number, string Kernel, CellStatus Status, IReadOnlyList<CellOutput> Outputs, TimeSpan Duration, int? ExecutionCount, int? Line,
    CapturedVariable? Captured = null)
{
    /// <summary>
    /// What the engine said about this machine while the cell ran, not about the notebook (a package version NuGet
    /// substituted, a kernel extension loaded): never among <see cref="Outputs"/>, so pages and executed notebooks do not
    /// show it; <c>course run</c> prints each to stderr.
    /// </summary>
    public IReadOnlyList<string> Notices { get; init; } = [];

    /// <summary>The cell ran to the end.</summary>
    public bool Succeeded => Status == CellStatus.Succeeded;

    /// <summary>The error output of a failed, timed-out or crashed cell.</summary>
    public ErrorOutput? Error => Outputs.OfType<ErrorOutput>().LastOrDefault();

    /// <summary>Everything the cell wrote to Console.Out.</summary>
    public string StandardOutput => string.Concat(Outputs.OfType<StreamOutput>().Where(s => s.Name == "stdout").Select(s => s.Text));
}
