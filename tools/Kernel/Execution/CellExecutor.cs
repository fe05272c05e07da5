using System.Text.Json.Nodes;
using Course.Kernel.Hosting;
using Course.Kernel.Protocol;
using Course.NotebookEngine.Outputs;
using Course.NotebookEngine.Running;

namespace Course.Kernel.Execution;

/// <summary>
/// execute_request: runs cells one at a time in an engine worker (the real C# kernel), streaming their outputs
/// to iopub. Interrupting ends the worker and starts a fresh one, so the state of earlier cells is lost (the real
/// .NET Interactive cancels cooperatively and keeps it; an endless loop leaves no other way here).
/// </summary>
internal sealed class CellExecutor(KernelOptions options, MessageBuilder messages, Action<KernelChannel, JupyterMessage> send) : IDisposable
{
    private readonly Lock _lock = new();
    private Task<InteractiveWorker>? _worker;
    private CancellationTokenSource? _running;
    private bool _stopping;

    /// <summary>When the last execute_reply was sent.</summary>
    public DateTimeOffset? LastReplySent { get; private set; }

    /// <summary>The [n] of the last cell stored in history.</summary>
    public int ExecutionCount { get; private set; }

    /// <summary>Starts the worker in the background so that the first cell does not wait for the kernel's warm-up.</summary>
    public void StartWorker()
    {
        lock (_lock) _worker ??= InteractiveWorker.StartAsync(options.BaseDirectory, options.WorkerPath);
    }

    /// <summary>Runs the request's code and sends execute_input, outputs and the reply. Returns false when the cell failed.</summary>
    public async Task<bool> ExecuteAsync(JupyterMessage request)
    {
        var content = request.Content;
        var code = content["code"] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
        var silent = Flag(content, "silent", false);
        var storeHistory = !silent && Flag(content, "store_history", true);
        if (code is null)
        {
            var bad = ErrorContent(new ErrorOutput("BadRequest", "execute_request has no 'code' string in its content", []));
            bad["status"] = "error";
            bad["execution_count"] = ExecutionCount;
            Reply(request, bad);
            return false;
        }
        if (storeHistory) ExecutionCount++;
        var count = ExecutionCount;
        if (!silent) Publish(request, "execute_input", new JsonObject { ["code"] = code, ["execution_count"] = count });
        if (string.IsNullOrWhiteSpace(code))
        {
            Reply(request, Ok());
            return true;
        }

        ErrorOutput? error;
        try
        {
            error = await RunAsync(request, code, silent, count);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            error = new ErrorOutput("KernelError", $"the kernel could not run the cell: {e.Message}", []);
            if (!silent) Publish(request, "error", ErrorContent(error));
        }
        Reply(request, error is null ? Ok() : Error(error));
        return error is null;

        JsonObject Ok() => new() { ["status"] = "ok", ["execution_count"] = count, ["payload"] = new JsonArray(), ["user_expressions"] = new JsonObject() };
        JsonObject Error(ErrorOutput e)
        {
            var reply = ErrorContent(e);
            reply["status"] = "error";
            reply["execution_count"] = count;
            return reply;
        }
    }

    /// <summary>complete_reply content: the kernel's completions at the cursor (none while the worker is not ready).</summary>
    public async Task<JsonObject> CompleteAsync(string code, int? cursorPosition)
    {
        var cursor = Math.Clamp(cursorPosition ?? code.Length, 0, code.Length);
        var (matches, start, end) = await ReadyWorker() is { } worker ? await worker.CompleteAsync(code, cursor) : ([], cursor, cursor);
        return new JsonObject
        {
            ["status"] = "ok",
            ["matches"] = new JsonArray(matches.Select(m => (JsonNode?)JsonValue.Create(m)).ToArray()),
            ["cursor_start"] = start,
            ["cursor_end"] = end,
            ["metadata"] = new JsonObject(),
        };
    }

    /// <summary>inspect_reply content: the kernel's hover text for the symbol at the cursor.</summary>
    public async Task<JsonObject> InspectAsync(string code, int? cursorPosition)
    {
        var cursor = Math.Clamp(cursorPosition ?? code.Length, 0, code.Length);
        var hover = await ReadyWorker() is { } worker ? await worker.InspectAsync(code, cursor) : new Dictionary<string, string>();
        var data = new JsonObject();
        foreach (var (mime, text) in hover) data[mime] = text;
        return new JsonObject { ["status"] = "ok", ["found"] = hover.Count > 0, ["data"] = data, ["metadata"] = new JsonObject() };
    }

    private async Task<InteractiveWorker?> ReadyWorker()
    {
        Task<InteractiveWorker> starting;
        lock (_lock)
        {
            if (_stopping) return null;
            StartWorker();
            starting = _worker!;
        }
        try { return await starting; }
        catch (InvalidOperationException) { return null; }
    }

    /// <summary>The reply to an execute_request skipped because an earlier cell failed (stop_on_error).</summary>
    public void Abort(JupyterMessage request) =>
        Reply(request, new JsonObject { ["status"] = "aborted", ["execution_count"] = ExecutionCount });

    /// <summary>Stops the running cell, if any (interrupt_request).</summary>
    public bool Interrupt()
    {
        lock (_lock)
        {
            if (_running is null) return false;
            _running.Cancel();
            return true;
        }
    }

    /// <summary>Ends the worker at once, even while a cell runs (shutdown).</summary>
    public void Dispose()
    {
        Task<InteractiveWorker>? worker;
        lock (_lock)
        {
            _stopping = true;
            _running?.Cancel();
            worker = _worker;
            _worker = null;
        }
        // A worker still warming up exits by itself when this process ends and closes its stdin.
        if (worker is { IsCompletedSuccessfully: true })
        {
            worker.Result.Terminate();
            worker.Result.Dispose();
        }
    }

    // Returns the cell's error, or null when it succeeded.
    private async Task<ErrorOutput?> RunAsync(JupyterMessage request, string code, bool silent, int count)
    {
        InteractiveWorker worker;
        using var cancellation = new CancellationTokenSource();
        Task<InteractiveWorker> starting;
        lock (_lock)
        {
            if (_stopping) return new ErrorOutput("KernelStopping", "the kernel is shutting down", []);
            StartWorker();
            starting = _worker!;
            _running = cancellation;
        }
        try
        {
            try { worker = await starting.WaitAsync(cancellation.Token); }
            catch (InvalidOperationException e)
            {
                lock (_lock) if (_worker == starting) _worker = null; // try again with the next cell
                return Published(new ErrorOutput("WorkerNotStarted", e.Message, []));
            }

            ErrorOutput? error = null;
            CellResult result;
            try
            {
                result = await worker.RunCellAsync(count, code, options.CellTimeout,
                    (output, displayId) =>
                    {
                        if (output is ErrorOutput e) error = WithStateNote(e);
                        PublishOutput(request, output, displayId, silent, count);
                    },
                    (displayId, output) => { if (!silent) Publish(request, "update_display_data", DisplayContent((DisplayOutput)output, displayId)); },
                    cancellation.Token);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                Replace(worker);
                return Published(new ErrorOutput("Interrupted",
                    $"cell {count} was interrupted: the kernel ended its worker process and started a new one, so the variables, #r references and #load-ed code of earlier cells are gone; run those cells again",
                    [$"Interrupted: cell {count} was stopped and the kernel's state was reset"]));
            }
            // Notes about this machine (a package version substituted, a kernel extension loaded) are not the lesson's
            // output: the kernel's log (its stderr, which Jupyter front ends show in their kernel log) gets them.
            foreach (var notice in result.Notices) options.Log.WriteLine($"course kernel: note: cell {count}: {notice}");
            if (!worker.IsAlive) Replace(worker);
            return result.Succeeded ? null : error ?? new ErrorOutput("Error", $"cell {count} ended with {result.Status}", []);
        }
        finally
        {
            lock (_lock) _running = null;
        }

        ErrorOutput Published(ErrorOutput e)
        {
            if (!silent) Publish(request, "error", ErrorContent(e));
            return e;
        }
    }

    // A timed-out or crashed worker is replaced; say so, since the learner's variables went with it.
    private static ErrorOutput WithStateNote(ErrorOutput error) => error.Name is "Timeout" or "WorkerCrashed"
        ? error with { Traceback = [.. error.Traceback, "the kernel started a new worker: run the earlier cells again to restore their state"] }
        : error;

    private void Replace(InteractiveWorker worker)
    {
        worker.Dispose();
        lock (_lock)
        {
            _worker = null;
            if (!_stopping) StartWorker();
        }
    }

    private void PublishOutput(JupyterMessage request, CellOutput output, string? displayId, bool silent, int count)
    {
        if (silent) return;
        switch (output)
        {
            case StreamOutput stream:
                Publish(request, "stream", new JsonObject { ["name"] = stream.Name, ["text"] = stream.Text });
                break;
            case DisplayOutput { IsResult: true } result:
                var data = DisplayContent(result, null);
                data["execution_count"] = count;
                Publish(request, "execute_result", data);
                break;
            case DisplayOutput display:
                Publish(request, "display_data", DisplayContent(display, displayId));
                break;
            case ErrorOutput error:
                Publish(request, "error", ErrorContent(WithStateNote(error)));
                break;
        }
    }

    private static JsonObject DisplayContent(DisplayOutput output, string? displayId)
    {
        var data = new JsonObject();
        foreach (var (mime, value) in output.Data) data[mime] = value?.DeepClone();
        var content = new JsonObject { ["data"] = data, ["metadata"] = new JsonObject() };
        if (displayId is not null) content["transient"] = new JsonObject { ["display_id"] = displayId };
        return content;
    }

    private static JsonObject ErrorContent(ErrorOutput error) => new()
    {
        ["ename"] = error.Name,
        ["evalue"] = error.Value,
        ["traceback"] = new JsonArray(error.Traceback.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
    };

    private static bool Flag(JsonObject content, string name, bool fallback) =>
        content[name] is JsonValue v && v.TryGetValue<bool>(out var flag) ? flag : fallback;

    private void Publish(JupyterMessage parent, string msgType, JsonObject content) =>
        send(KernelChannel.IOPub, messages.Broadcast(parent, msgType, content));

    private void Reply(JupyterMessage request, JsonObject content)
    {
        LastReplySent = DateTimeOffset.UtcNow;
        send(KernelChannel.Shell, messages.Reply(request, "execute_reply", content));
    }
}
