using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Course.Kernel.Execution;
using Course.Kernel.Hosting;
using Course.Kernel.Protocol;
using NetMQ;

namespace Course.Kernel;

/// <summary>
/// A Jupyter kernel for C# on the course engine: messaging protocol 5.3 over the five sockets of a connection file.
/// Shell requests run one at a time (cells in an engine worker); control requests (interrupt, shutdown,
/// kernel_info) are answered at once, even while a cell runs. See tools/Kernel/README.md.
/// </summary>
public sealed class JupyterKernel
{
    private readonly KernelOptions _options;
    private readonly MessageBuilder _messages = new(Guid.NewGuid().ToString("N"));
    private readonly Channel<JupyterMessage> _shellQueue = Channel.CreateUnbounded<JupyterMessage>();
    private DateTimeOffset? _abortSentBefore;
    private readonly TaskCompletionSource _shutdown = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly KernelSockets _sockets;
    private readonly CellExecutor _executor;

    private JupyterKernel(ConnectionInfo connection, KernelOptions options)
    {
        _options = options;
        _sockets = new KernelSockets(connection, new MessageCodec(new MessageSigner(connection.Key)), OnMessage, options.Log);
        _executor = new CellExecutor(options, _messages, _sockets.Send);
    }

    /// <summary>Serves the connection until a shutdown_request (or the parent process, JPY_PARENT_PID, ends); returns the exit code.</summary>
    /// <exception cref="InvalidOperationException">A socket cannot listen on its port.</exception>
    public static async Task<int> RunAsync(ConnectionInfo connection, KernelOptions? options = null)
    {
        var kernel = new JupyterKernel(connection, options ?? new KernelOptions());
        try
        {
            return await kernel.ServeAsync();
        }
        finally
        {
            NetMQConfig.Cleanup(block: false);
        }
    }

    private async Task<int> ServeAsync()
    {
        _sockets.Start();
        Publish(null, "status", State("starting"));
        _executor.StartWorker();
        using var watch = WatchParentProcess();
        var shell = Task.Run(ServeShellAsync);
        await _shutdown.Task;
        try
        {
            _executor.Dispose();
            _shellQueue.Writer.TryComplete();
            await Task.WhenAny(shell, Task.Delay(TimeSpan.FromSeconds(2)));
        }
        finally
        {
            _sockets.Dispose(); // before NetMQConfig.Cleanup, which would otherwise end the poller thread with an exception
        }
        return 0;
    }

    // Runs on the socket thread: control is answered here at once; shell requests wait their turn.
    private void OnMessage(KernelChannel channel, JupyterMessage message)
    {
        switch (channel)
        {
            case KernelChannel.Shell:
                _shellQueue.Writer.TryWrite(message);
                break;
            case KernelChannel.Control:
                Publish(message, "status", State("busy"));
                HandleControl(message);
                Publish(message, "status", State("idle"));
                break;
            default:
                _options.Log.WriteLine($"course kernel: ignored {message.MsgType} on {channel.ToString().ToLowerInvariant()}");
                break;
        }
    }

    private void HandleControl(JupyterMessage request)
    {
        switch (request.MsgType)
        {
            case "kernel_info_request":
                Reply(KernelChannel.Control, request, "kernel_info_reply", KernelInfoReply.Content());
                break;
            case "interrupt_request":
                var stopped = _executor.Interrupt();
                _options.Log.WriteLine($"course kernel: interrupt_request ({(stopped ? "stopping the running cell" : "no cell was running")})");
                Reply(KernelChannel.Control, request, "interrupt_reply", new JsonObject { ["status"] = "ok" });
                break;
            case "shutdown_request":
                Shutdown(KernelChannel.Control, request);
                break;
            default:
                _options.Log.WriteLine($"course kernel: ignored {request.MsgType} on control (not supported)");
                break;
        }
    }

    private async Task ServeShellAsync()
    {
        await foreach (var request in _shellQueue.Reader.ReadAllAsync())
        {
            Publish(request, "status", State("busy"));
            try
            {
                if (request.MsgType == "execute_request" && SentBefore(request, _abortSentBefore))
                    _executor.Abort(request);
                else if (request.MsgType == "execute_request")
                {
                    var succeeded = await _executor.ExecuteAsync(request);
                    if (!succeeded && StopOnError(request)) _abortSentBefore = _executor.LastReplySent;
                }
                else await HandleShellAsync(request);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _options.Log.WriteLine($"course kernel: {request.MsgType} failed: {e}");
            }
            Publish(request, "status", State("idle"));
        }
    }

    private async Task HandleShellAsync(JupyterMessage request)
    {
        var content = request.Content;
        switch (request.MsgType)
        {
            case "kernel_info_request":
                Reply(KernelChannel.Shell, request, "kernel_info_reply", KernelInfoReply.Content());
                break;
            case "is_complete_request":
                var status = CodeCompleteness.Check(Text(content, "code"));
                var reply = new JsonObject { ["status"] = status };
                if (status == "incomplete") reply["indent"] = "";
                Reply(KernelChannel.Shell, request, "is_complete_reply", reply);
                break;
            case "complete_request":
                Reply(KernelChannel.Shell, request, "complete_reply", await _executor.CompleteAsync(Text(content, "code"), Cursor(content)));
                break;
            case "inspect_request":
                Reply(KernelChannel.Shell, request, "inspect_reply", await _executor.InspectAsync(Text(content, "code"), Cursor(content)));
                break;
            case "history_request":
                Reply(KernelChannel.Shell, request, "history_reply", new JsonObject { ["status"] = "ok", ["history"] = new JsonArray() });
                break;
            case "comm_info_request":
                Reply(KernelChannel.Shell, request, "comm_info_reply", new JsonObject { ["status"] = "ok", ["comms"] = new JsonObject() });
                break;
            case "shutdown_request":
                Shutdown(KernelChannel.Shell, request);
                break;
            default:
                // comm_open/comm_msg/comm_close (no comm targets here) and unknown types get no reply, as in ipykernel.
                _options.Log.WriteLine($"course kernel: ignored {request.MsgType} on shell (not supported)");
                break;
        }
    }

    private void Shutdown(KernelChannel channel, JupyterMessage request)
    {
        var restart = request.Content["restart"] is JsonValue v && v.TryGetValue<bool>(out var r) && r;
        Reply(channel, request, "shutdown_reply", new JsonObject { ["status"] = "ok", ["restart"] = restart });
        _options.Log.WriteLine($"course kernel: shutdown_request{(restart ? " (restart)" : "")}");
        _shutdown.TrySetResult();
    }

    // Jupyter passes its pid to every kernel it starts; a kernel whose front end died must not linger.
    private Timer? WatchParentProcess()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("JPY_PARENT_PID"), out var pid) || pid <= 1) return null;
        return new Timer(_ =>
        {
            try { using var parent = Process.GetProcessById(pid); if (!parent.HasExited) return; }
            catch (ArgumentException) { }
            _options.Log.WriteLine($"course kernel: the parent process {pid} has ended; shutting down");
            _shutdown.TrySetResult();
        }, null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));
    }

    // stop_on_error (Run All stops at the error): every execute request the front end sent before it could see the failure
    // (the failed cell's reply) is aborted, whether it was queued already or still on its way through the socket; one
    // sent after the reply runs. The header's date says when it was sent.
    private static bool SentBefore(JupyterMessage request, DateTimeOffset? moment) =>
        moment is { } failedAt && request.Header["date"] is JsonValue v && v.TryGetValue<string>(out var text)
        && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var sent)
        && sent < failedAt;

    private static bool StopOnError(JupyterMessage request) =>
        request.Content["stop_on_error"] is not JsonValue v || !v.TryGetValue<bool>(out var stop) || stop;

    private static int? Cursor(JsonObject content) =>
        content["cursor_pos"] is JsonValue v && v.TryGetValue<int>(out var cursor) ? cursor : null;

    private static string Text(JsonObject content, string name) =>
        content[name] is JsonValue v && v.TryGetValue<string>(out var text) ? text : "";

    private static JsonObject State(string state) => new() { ["execution_state"] = state };

    private void Publish(JupyterMessage? parent, string msgType, JsonObject content) =>
        _sockets.Send(KernelChannel.IOPub, _messages.Broadcast(parent, msgType, content));

    private void Reply(KernelChannel channel, JupyterMessage request, string msgType, JsonObject content) =>
        _sockets.Send(channel, _messages.Reply(request, msgType, content));
}
