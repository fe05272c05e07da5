namespace Course.NotebookEngine.Running;

/// <summary>How a code cell ended.</summary>
public enum CellStatus
{
    /// <summary>Ran to the end (or is a markdown/mermaid cell, which only shows).</summary>
    Succeeded,

    /// <summary>A compile error, an exception, a package that could not be added, or a kernel the engine cannot run.</summary>
    Failed,

    /// <summary>Stopped after exceeding <see cref="RunOptions.CellTimeout"/>.</summary>
    TimedOut,

    /// <summary>The worker process died while the cell ran (e.g. a stack overflow).</summary>
    Crashed,

    /// <summary>Not run because an earlier cell failed.</summary>
    NotRun,
}
