namespace Course.NotebookEngine.Running;

/// <summary>
/// Workers kept between runs (<see cref="RunOptions.Workers"/>). A run takes an idle worker, which first resets itself — a
/// brand-new kernel, the process's console, directory, cultures, environment and library settings as before any cell ran, a
/// new protocol key — or a new worker when none is idle or the reset finds work the last run left running. A worker goes
/// back to the pool only after a run whose cells all ended (succeeded or failed); one that timed out, crashed or was
/// cancelled is ended. Starting a worker JIT-compiles the C# compiler (seconds); a reset takes a tenth of that.
/// </summary>
public sealed class WorkerPool : IDisposable
{
    // Each run leaves its compiled cells loaded (the kernel cannot unload them): a worker is retired after this many.
    private const int MaxResets = 100;

    private readonly Lock _lock = new();
    private readonly List<(string Key, WorkerProcess Worker)> _idle = [];
    private readonly List<string> _discarded = [];
    private readonly int _maxIdle;
    private bool _disposed;

    /// <summary>A pool that keeps at most <paramref name="maxIdle"/> idle workers.</summary>
    public WorkerPool(int maxIdle = 4) => _maxIdle = Math.Max(1, maxIdle);

    /// <summary>The pool graders share in one process; its idle workers end when the process exits.</summary>
    public static WorkerPool Shared { get; } = CreateShared();

    /// <summary>Worker processes this pool started.</summary>
    public int Started { get; private set; }

    /// <summary>Runs served by a worker reset for them.</summary>
    public int Reused { get; private set; }

    /// <summary>Workers a reset found unfit to serve again (work left running), with what it found, latest last.</summary>
    public IReadOnlyList<string> Discarded
    {
        get { lock (_lock) return [.. _discarded]; }
    }

    internal async Task<(WorkerProcess? Worker, string? Problem)> TakeAsync(string workerPath, string baseDirectory,
        IReadOnlyDictionary<string, string>? environment, CancellationToken cancellation)
    {
        var key = Key(workerPath, environment);
        while (TakeIdle(key) is { } idle)
        {
            string? problem;
            try { problem = await idle.ResetAsync(baseDirectory, cancellation); }
            catch
            {
                End(idle); // cancelled while it reset: in doubt
                throw;
            }
            if (problem is null)
            {
                lock (_lock) Reused++;
                return (idle, null);
            }
            lock (_lock) _discarded.Add(problem);
            End(idle);
        }
        var started = await WorkerProcess.StartAsync(workerPath, baseDirectory, cancellation, environment);
        if (started.Worker is not null) lock (_lock) Started++;
        return started;
    }

    internal void Return(WorkerProcess worker, string workerPath, IReadOnlyDictionary<string, string>? environment)
    {
        lock (_lock)
        {
            if (!_disposed && worker.Resets < MaxResets && _idle.Count < _maxIdle)
            {
                _idle.Add((Key(workerPath, environment), worker));
                return;
            }
        }
        worker.Dispose();
    }

    /// <summary>Ends the idle workers.</summary>
    public void Dispose()
    {
        List<(string, WorkerProcess Worker)> idle;
        lock (_lock)
        {
            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
        }
        foreach (var (_, worker) in idle) worker.Dispose();
    }

    private WorkerProcess? TakeIdle(string key)
    {
        lock (_lock)
        {
            var index = _idle.FindIndex(i => i.Key == key);
            if (index < 0) return null;
            var worker = _idle[index].Worker;
            _idle.RemoveAt(index);
            return worker;
        }
    }

    // A worker that was not clean may run a thread that keeps it alive: it is killed, not asked to exit.
    private static void End(WorkerProcess worker)
    {
        worker.Terminate();
        worker.Dispose();
    }

    private static string Key(string workerPath, IReadOnlyDictionary<string, string>? environment) =>
        Path.GetFullPath(workerPath) + "\n" + string.Join("\n", (environment ?? new Dictionary<string, string>()).OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => $"{e.Key}={e.Value}"));

    private static WorkerPool CreateShared()
    {
        var pool = new WorkerPool();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => pool.Dispose();
        return pool;
    }
}
