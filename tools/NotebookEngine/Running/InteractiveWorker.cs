using System.Diagnostics;
using System.Text.Json.Nodes;
using Course.NotebookEngine.Format;
using Course.NotebookEngine.Outputs;

namespace Course.NotebookEngine.Running;

/// <summary>
/// One worker kept alive across cells for an interactive front end (the Jupyter kernel): cells arrive one at a
/// time instead of as a whole notebook, outputs are reported as they happen, and cancelling a cell ends the
/// worker (an endless loop cannot be stopped from inside), which loses its state. After a cell that timed out,
/// crashed or was cancelled, <see cref="IsAlive"/> is false and a new worker must be started.
/// </summary>
public sealed class InteractiveWorker : IDisposable
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    private readonly WorkerProcess _process;
    private readonly Lock _lock = new(); // an interrupt, a shutdown and the cell's own ending may race to end the worker
    private bool _disposed;

    private InteractiveWorker(WorkerProcess process) => _process = process;

    /// <summary>False once the worker has ended; start a new one to run more cells.</summary>
    public bool IsAlive { get; private set; } = true;

    /// <summary>Starts a worker whose relative #r and #load resolve against <paramref name="baseDirectory"/> and waits until it is ready.</summary>
    /// <exception cref="InvalidOperationException">The worker did not start; the message says why.</exception>
    public static async Task<InteractiveWorker> StartAsync(string baseDirectory, string? workerPath = null, CancellationToken cancellation = default)
    {
        var (worker, problem) = await WorkerProcess.StartAsync(workerPath ?? WorkerProcess.DefaultWorkerPath, Path.GetFullPath(baseDirectory), cancellation);
        return worker is null ? throw new InvalidOperationException(problem) : new InteractiveWorker(worker);
    }

    /// <summary>
    /// Runs one C# cell (a first-line kernel selector such as #!csharp is the kernel's to read). Every output, including the error of a cell that timed
    /// out or crashed, goes to <paramref name="onOutput"/> with its display id; updates of earlier displays go to
    /// <paramref name="onReplace"/>. The worker's notes about this machine are the result's <see cref="CellResult.Notices"/>, not outputs.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> fired; the worker was ended.</exception>
    public async Task<CellResult> RunCellAsync(int cellNumber, string code, TimeSpan timeout, Action<CellOutput, string?> onOutput,
        Action<string, CellOutput> onReplace, CancellationToken cancellation = default)
    {
        if (!IsAlive) throw new InvalidOperationException("this worker has ended; start a new one");
        var watch = Stopwatch.StartNew();
        var outputs = new List<CellOutput>();
        try
        {
            var (status, line, error, _, notices) = await _process.RunCellAsync(cellNumber, KernelNames.CSharp, code, timeout,
                (output, displayId) => { outputs.Add(output); onOutput(output, displayId); }, onReplace, cancellation);
            if (error is not null)
            {
                outputs.Add(error);
                onOutput(error, null);
            }
            if (status is CellStatus.TimedOut or CellStatus.Crashed) IsAlive = false;
            return new CellResult(cellNumber, KernelNames.CSharp, status, outputs, watch.Elapsed, null, line) { Notices = notices };
        }
        catch (OperationCanceledException)
        {
            Terminate();
            throw;
        }
    }

    /// <summary>The kernel's completions at <paramref name="cursor"/> (a character offset in <paramref name="code"/>) and the range they replace.</summary>
    public async Task<(IReadOnlyList<string> Matches, int Start, int End)> CompleteAsync(string code, int cursor, CancellationToken cancellation = default)
    {
        var answer = IsAlive ? await _process.AskAsync("complete", code, cursor, AskTimeout, cancellation) : null;
        if (answer is null) return ([], cursor, cursor);
        var matches = (answer["matches"] as JsonArray ?? []).Select(m => m!.GetValue<string>()).ToList();
        return (matches, answer["start"]!.GetValue<int>(), answer["end"]!.GetValue<int>());
    }

    /// <summary>The kernel's hover text for the symbol at <paramref name="cursor"/>, by mime type (empty when there is none).</summary>
    public async Task<IReadOnlyDictionary<string, string>> InspectAsync(string code, int cursor, CancellationToken cancellation = default)
    {
        var answer = IsAlive ? await _process.AskAsync("inspect", code, cursor, AskTimeout, cancellation) : null;
        return (answer?["data"] as JsonObject ?? []).ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
    }

    /// <summary>Ends the worker at once, even while a cell runs.</summary>
    public void Terminate()
    {
        lock (_lock)
        {
            IsAlive = false;
            if (!_disposed) _process.Terminate();
        }
    }

    /// <summary>Lets the worker exit (it is ended if it does not within seconds).</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            IsAlive = false;
            if (_disposed) return;
            _disposed = true;
            _process.Dispose();
        }
    }
}
