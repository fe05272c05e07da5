using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Course.NotebookEngine.Outputs;

namespace Course.NotebookEngine.Running;

/// <summary>
/// One worker process, seen from the parent. An endless loop cannot be stopped inside a process and a stack
/// overflow ends it, so cells run here: the parent kills the worker at the time limit, and a dead worker
/// becomes an error on the cell that was running, with its exit code and last stderr lines.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    // A worker starts in seconds; on a 2-core machine shared by several test runs (load average 20 and more) starts of over
    // 60 s were seen, and a start that gives up fails a cell that did nothing wrong.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly Process _process;
    private readonly Channel<JsonObject?> _messages = Channel.CreateUnbounded<JsonObject?>();
    private readonly Queue<string> _stderrTail = new();
    private readonly List<string> _stderrHead = [];
    private readonly Task _stderrPump;
    private WorkerProtocol _protocol; // replaced by the stdout pump when a reset's answer names the next key

    private WorkerProcess(Process process, string key)
    {
        _process = process;
        _protocol = new WorkerProtocol(key);
        _ = Task.Run(PumpStdoutAsync);
        _stderrPump = Task.Run(PumpStderrAsync);
    }

    public static string DefaultWorkerPath => Path.Combine(AppContext.BaseDirectory, "Course.NotebookEngine.Worker.dll");

    public static async Task<(WorkerProcess? Worker, string? Problem)> StartAsync(string workerPath, string baseDirectory, CancellationToken cancellation,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        if (!File.Exists(workerPath))
            return (null, $"the notebook worker {workerPath} does not exist; build tools/NotebookEngine.Worker (the CLI and the tests reference it)");
        var start = new ProcessStartInfo(DotnetHost.Path, [workerPath, baseDirectory])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            StandardInputEncoding = new UTF8Encoding(false),
            WorkingDirectory = baseDirectory,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        var process = Process.Start(start)!;
        var key = WorkerProtocol.NewKey();
        var worker = new WorkerProcess(process, key);
        try
        {
            await process.StandardInput.WriteLineAsync(key.AsMemory(), cancellation);
            await process.StandardInput.FlushAsync(cancellation);
        }
        catch (IOException) { } // the worker ended at once; the missing "ready" below says why
        var ready = await worker.NextMessageAsync(StartTimeout, cancellation);
        if (ready?["event"]?.GetValue<string>() == "ready") return (worker, null);
        worker._process.WaitForExit(TimeSpan.FromSeconds(5));
        worker._stderrPump.Wait(TimeSpan.FromSeconds(2));
        var problem = $"the notebook worker did not start ({worker.ExitDescription()})";
        worker.Dispose();
        return (null, problem);
    }

    /// <summary>
    /// Runs one cell; outputs and display replacements are reported as they arrive. With <paramref name="capture"/>, the
    /// variable it names is read after the cell succeeds and returned as <c>Value</c>. <c>Notices</c> are the worker's
    /// notes about this machine sent with "done" (none when the cell timed out or the worker crashed).
    /// </summary>
    public async Task<(CellStatus Status, int? Line, ErrorOutput? Error, CapturedVariable? Value, IReadOnlyList<string> Notices)> RunCellAsync(
        int cellNumber, string kernel, string code, TimeSpan timeout, Action<CellOutput, string?> onOutput, Action<string, CellOutput> onReplace,
        CancellationToken cancellation, VariableCapture? capture = null)
    {
        await _process.StandardInput.WriteLineAsync(WorkerProtocol.Run(cellNumber, kernel, code, capture).AsMemory(), cancellation);
        await _process.StandardInput.FlushAsync(cancellation);
        var deadline = Stopwatch.StartNew();
        CapturedVariable? value = null;
        while (true)
        {
            var left = timeout - deadline.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                Kill();
                var seconds = timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
                return (CellStatus.TimedOut, null, new ErrorOutput("Timeout", $"cell {cellNumber} exceeded the time limit of {seconds} s and was stopped", []), null, []);
            }
            var message = await NextMessageAsync(left, cancellation);
            if (message is null)
            {
                if (deadline.Elapsed < timeout && _messages.Reader.Completion.IsCompleted)
                    return (CellStatus.Crashed, null, Crash(cellNumber), null, []);
                continue;
            }
            var output = message["output"] is JsonObject json ? CellOutput.FromJson(json) : null;
            var displayId = message["displayId"]?.GetValue<string>();
            switch (message["event"]?.GetValue<string>())
            {
                case "output" when output is not null: onOutput(output, displayId); break;
                case "replace" when output is not null && displayId is not null: onReplace(displayId, output); break;
                case "value" when capture is not null:
                    value = new CapturedVariable(message["json"]?.GetValue<string>(), message["problem"]?.GetValue<string>());
                    break;
                case "done":
                    var line = message["line"]?.GetValue<int>();
                    var notices = (message["notices"] as JsonArray ?? []).Select(n => n?.GetValue<string>()).OfType<string>().ToList();
                    return message["succeeded"]?.GetValue<bool>() == true
                        ? (CellStatus.Succeeded, null, null, value, notices)
                        : (CellStatus.Failed, line, null, null, notices);
            }
        }
    }

    /// <summary>
    /// Prepares the idle worker for another run, as if it were new (see <see cref="Course.NotebookEngine.Execution.ProcessDefaults"/>):
    /// null when it is ready, else why it cannot serve again (it must then be terminated).
    /// </summary>
    public async Task<string?> ResetAsync(string baseDirectory, CancellationToken cancellation)
    {
        try
        {
            await _process.StandardInput.WriteLineAsync(WorkerProtocol.Reset(baseDirectory).AsMemory(), cancellation);
            await _process.StandardInput.FlushAsync(cancellation);
        }
        catch (IOException) { return $"the worker ended ({ExitDescription()})"; }
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            var message = await NextMessageAsync(StartTimeout - deadline.Elapsed, cancellation);
            if (message is null) break;
            if (message["event"]?.GetValue<string>() != "reset") continue;
            if (message["clean"]?.GetValue<bool>() != true) return message["problem"]?.GetValue<string>() ?? "the worker was not clean";
            Resets++;
            return null;
        }
        return $"the worker did not answer the reset ({ExitDescription()})";
    }

    /// <summary>How many times the worker was reset for another run.</summary>
    public int Resets { get; private set; }

    /// <summary>Asks the idle worker's kernel a question (complete, inspect) and returns its answer, or null if none came in time.</summary>
    public async Task<JsonObject?> AskAsync(string op, string code, int cursor, TimeSpan timeout, CancellationToken cancellation)
    {
        await _process.StandardInput.WriteLineAsync(WorkerProtocol.Ask(op, code, cursor).AsMemory(), cancellation);
        await _process.StandardInput.FlushAsync(cancellation);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            var message = await NextMessageAsync(timeout - deadline.Elapsed, cancellation);
            if (message is null) return null;
            if (message["event"]?.GetValue<string>() is "completions" or "hover") return message;
        }
        return null;
    }

    /// <summary>Ends the worker at once, whatever it is running (an interrupted cell in an interactive kernel).</summary>
    public void Terminate() => Kill();

    public void Dispose()
    {
        try { _process.StandardInput.Close(); } catch (IOException) { }
        if (!_process.WaitForExit(TimeSpan.FromSeconds(5))) Kill();
        _process.Dispose();
    }

    private ErrorOutput Crash(int cellNumber)
    {
        _process.WaitForExit(TimeSpan.FromSeconds(10));
        _stderrPump.Wait(TimeSpan.FromSeconds(2));
        var tail = StderrTail();
        var message = tail.Contains("Stack overflow", StringComparison.OrdinalIgnoreCase)
            ? $"a stack overflow ended the worker process while cell {cellNumber} ran ({ExitDescription()})"
            : $"the worker process ended while cell {cellNumber} ran ({ExitDescription()})";
        return new ErrorOutput("WorkerCrashed", message, tail.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private string ExitDescription()
    {
        if (!_process.HasExited) return "still running";
        var tail = StderrTail();
        var lastLines = tail.Length == 0 ? "" : "; stderr: " + string.Join(" | ", tail.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(3).Select(l => l.Trim()));
        return $"exit code {_process.ExitCode}{lastLines}";
    }

    private string StderrTail()
    {
        // The head says what happened ("Stack overflow."), the tail where the process was.
        lock (_stderrTail) return string.Join("\n", _stderrTail.Count == 0 ? _stderrHead : [.. _stderrHead, "…", .. _stderrTail.TakeLast(5)]);
    }

    private void Kill()
    {
        try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { } // already gone
        _process.WaitForExit(TimeSpan.FromSeconds(10));
    }

    private async Task<JsonObject?> NextMessageAsync(TimeSpan timeout, CancellationToken cancellation)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timer.CancelAfter(timeout);
        try
        {
            return await _messages.Reader.ReadAsync(timer.Token);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested) { return null; }
        catch (ChannelClosedException) { return null; }
    }

    private async Task PumpStdoutAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
                if (_protocol.Parse(line) is { } message)
                {
                    // Lines after a reset's answer carry the key it names; only a line with the current key can name the next.
                    if (message["event"]?.GetValue<string>() == "reset" && message["key"]?.GetValue<string>() is { Length: > 0 } next)
                        _protocol = new WorkerProtocol(next);
                    await _messages.Writer.WriteAsync(message);
                }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Text.Json.JsonException) { }
        finally { _messages.Writer.TryComplete(); }
    }

    private async Task PumpStderrAsync()
    {
        try
        {
            while (await _process.StandardError.ReadLineAsync() is { } line)
                lock (_stderrTail)
                {
                    if (_stderrHead.Count < 5) { _stderrHead.Add(line); continue; }
                    _stderrTail.Enqueue(line);
                    while (_stderrTail.Count > 20) _stderrTail.Dequeue();
                }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException) { }
    }
}
