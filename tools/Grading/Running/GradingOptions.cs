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
}
