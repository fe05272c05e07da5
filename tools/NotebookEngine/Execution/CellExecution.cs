using Course.NotebookEngine.Outputs;

namespace Course.NotebookEngine.Execution;

/// <summary>How a cell ended: success, or the error with the line in the cell it points at (when known).</summary>
public sealed record CellExecution(bool Succeeded, ErrorOutput? Error = null, int? Line = null)
{
    /// <summary>The cell ran to the end.</summary>
    public static CellExecution Success { get; } = new(true);
}
