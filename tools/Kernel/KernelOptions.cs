namespace Course.Kernel;

/// <summary>How the kernel runs cells.</summary>
public sealed record KernelOptions
{
    /// <summary>The base of relative #r and #load: Jupyter starts a kernel in the notebook's folder, so the current directory by default.</summary>
    public string BaseDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>The engine's worker dll; by default Course.NotebookEngine.Worker.dll beside the running program.</summary>
    public string? WorkerPath { get; init; }

    /// <summary>The longest a cell may run before its worker is stopped (default one day: interactive cells are stopped by interrupting).</summary>
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Where the kernel logs (Jupyter shows a kernel's stderr in its log).</summary>
    public TextWriter Log { get; init; } = Console.Error;
}
