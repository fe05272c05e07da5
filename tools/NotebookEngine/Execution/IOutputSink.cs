using Course.NotebookEngine.Outputs;

namespace Course.NotebookEngine.Execution;

/// <summary>Where a session sends outputs as they happen (the worker forwards them to the parent at once).</summary>
public interface IOutputSink
{
    /// <summary>A new output of the running cell; <paramref name="displayId"/> is set for display(...) outputs.</summary>
    void Add(CellOutput output, string? displayId);

    /// <summary>An earlier display(...) output, possibly of an earlier cell, now shows <paramref name="output"/>.</summary>
    void Replace(string displayId, CellOutput output);
}
