using Course.NotebookEngine.Running;

namespace Course.Grading.Running;

/// <summary>How exercises are graded.</summary>
public sealed record GradingOptions
{
    /// <summary>The time each cell of an exercise's run may take (setup, the learner's cell, the check); default 30 s.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Exercises graded at the same time, one worker process each (default 2).</summary>
    public int Parallelism { get; init; } = 2;

    /// <summary>Treat a cell equal to the pristine stub as not attempted without running it (default true).</summary>
    public bool TrustStubHash { get; init; } = true;

    /// <summary>The engine's worker dll; null: Course.NotebookEngine.Worker.dll beside the running program.</summary>
    public string? WorkerPath { get; init; }

    /// <summary>
    /// Where exercises take their worker: each runs in a brand-new kernel in a worker that is new or was reset for it
    /// (tools/README.md, "Worker reuse"); default: the process's shared pool. Null: a new worker process for every exercise.
    /// </summary>
    public WorkerPool? Workers { get; init; } = WorkerPool.Shared;
}
