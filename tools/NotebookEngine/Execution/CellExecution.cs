using Course.NotebookEngine.Outputs;

namespace Course.NotebookEngine.Execution;

/// <summary>How a cell ended: success, or the error with the line in the cell it points at (when known).</summary>
public sealed record CellExecution(bool Succeeded, ErrorOutput? Error = null, int? Line = null)
{
    /// <summary>The cell ran to the end.</summary>
    public static CellExecution Success { get; } = new(true);

    /// <summary>
    /// What the session said while the cell ran about this machine rather than the notebook ("Plotly.NET.Interactive 5.0.0
    /// is not on this machine's NuGet source; 6.0.0 was used instead", "Loading extensions from …"): kept out of the outputs.
    /// </summary>
    public IReadOnlyList<string> Notices { get; init; } = [];
}
