namespace Course.NotebookEngine.Running;

/// <summary>How a notebook runs.</summary>
public sealed record RunOptions
{
    /// <summary>The time one cell may take before the worker is stopped (default 60 s).</summary>
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Keep running the cells after a failed one (default: stop at the first failure, as Jupyter's nbconvert does).</summary>
    public bool ContinueOnError { get; init; }

    /// <summary>The worker dll; by default Course.NotebookEngine.Worker.dll beside the running program.</summary>
    public string? WorkerPath { get; init; }

    /// <summary>Environment variables set for the worker process (e.g. runtime settings for short runs), or null.</summary>
    public IReadOnlyDictionary<string, string>? WorkerEnvironment { get; init; }

    /// <summary>
    /// Where the run takes its worker and returns it after every cell ended (succeeded or failed), to be reset for the next
    /// run; null (default): a new worker, ended after the run.
    /// </summary>
    public WorkerPool? Workers { get; init; }
}
