using System.Text;
using System.Text.Json.Nodes;
using Course.NotebookEngine.Execution;
using Course.NotebookEngine.Outputs;

namespace Course.NotebookEngine.Running;

/// <summary>
/// The worker's main loop: one <see cref="KernelSession"/> (the real C# kernel), cells read from stdin, outputs
/// written to stdout as they happen. The worker exe (tools/NotebookEngine.Worker) only calls <see cref="RunAsync"/>.
/// </summary>
public static class WorkerHost
{
    /// <summary>Runs until stdin closes. args[0] is the notebook's folder (the base of relative #r and #load).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 1)
        {
            await Console.Error.WriteLineAsync("usage: Course.NotebookEngine.Worker <notebook folder>  (started by NotebookRunner)");
            return 2;
        }
        // The kernel resolves relative #r and #load against the current directory, as VS Code runs it in the notebook's folder.
        Directory.SetCurrentDirectory(args[0]);
        // The real stdout and stdin are taken before any cell runs: a cell's Console.SetOut or writer cannot reach them.
        var protocolOut = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = true };
        var protocolIn = new StreamReader(Console.OpenStandardInput(), Encoding.UTF8);
        Console.SetIn(TextReader.Null); // a cell reading the console must not eat the parent's messages
        Console.SetOut(TextWriter.Null); // nothing but the protocol may reach the parent's stdout
        // The parent's first line is the key every message carries; it is read before any cell runs and kept nowhere a cell looks.
        var key = await protocolIn.ReadLineAsync();
        if (string.IsNullOrEmpty(key)) return 2;
        var sink = new ProtocolSink(protocolOut, new WorkerProtocol(key));
        var defaults = ProcessDefaults.Capture();
        var session = new KernelSession(sink);
        try
        {
            // Roslyn's first compilation costs seconds of JIT; pay it before "ready" so it does not eat a cell's time limit.
            await session.WarmUpAsync();
            await defaults.MarkIdleAsync();
            sink.Send(new JsonObject { ["event"] = "ready" });
            while (await protocolIn.ReadLineAsync() is { } line)
            {
                if (JsonNode.Parse(line) is not JsonObject { } request) continue;
                if (request["op"]?.GetValue<string>() == "reset")
                {
                    // The next run in this worker: a brand-new kernel (no declaration of the last run survives), the process as it
                    // was before any cell ran, and a new key, sent where no cell can read it. Work left running ends the worker.
                    session.Dispose();
                    defaults.Restore(request["directory"]!.GetValue<string>());
                    session = new KernelSession(sink);
                    if (await defaults.LeftoverAsync() is { } leftover)
                    {
                        sink.Send(new JsonObject { ["event"] = "reset", ["clean"] = false, ["problem"] = leftover });
                        return 0;
                    }
                    var next = WorkerProtocol.NewKey();
                    sink.Send(new JsonObject { ["event"] = "reset", ["clean"] = true, ["key"] = next });
                    sink.Rekey(new WorkerProtocol(next));
                    continue;
                }
                await ServeAsync(request, session, sink);
            }
            return 0;
        }
        finally { session.Dispose(); }
    }

    // One request other than a reset: a cell to run, or a question to the kernel.
    private static async Task ServeAsync(JsonObject request, KernelSession session, ProtocolSink sink)
    {
        switch (request["op"]?.GetValue<string>())
        {
            case "complete":
                var (matches, start, end) = await session.CompleteAsync(request["code"]!.GetValue<string>(), request["cursor"]!.GetValue<int>());
                sink.Send(new JsonObject
                {
                    ["event"] = "completions",
                    ["matches"] = new JsonArray(matches.Select(m => (JsonNode?)JsonValue.Create(m)).ToArray()),
                    ["start"] = start,
                    ["end"] = end,
                });
                return;
            case "inspect":
                var hover = await session.InspectAsync(request["code"]!.GetValue<string>(), request["cursor"]!.GetValue<int>());
                var data = new JsonObject();
                foreach (var (mime, text) in hover) data[mime] = text;
                sink.Send(new JsonObject { ["event"] = "hover", ["data"] = data });
                return;
            case not "run":
                return;
        }
        var kernel = request["kernel"]?.GetValue<string>() ?? "csharp";
        var result = await session.RunCellAsync(request["code"]!.GetValue<string>(), kernel);
        if (result.Succeeded && request["capture"] is JsonObject capture)
        {
            var value = session.Capture(new VariableCapture(capture["variable"]!.GetValue<string>(), capture["type"]!.GetValue<string>(),
                capture["assembly"]!.GetValue<string>(), capture["assemblyPath"]?.GetValue<string>()));
            sink.Send(new JsonObject { ["event"] = "value", ["json"] = value.Json, ["problem"] = value.Problem });
        }
        sink.Send(new JsonObject
        {
            ["event"] = "done",
            ["succeeded"] = result.Succeeded,
            ["line"] = result.Line,
            ["notices"] = new JsonArray(result.Notices.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
        });
    }

    private sealed class ProtocolSink(StreamWriter writer, WorkerProtocol protocol) : IOutputSink
    {
        private readonly Lock _lock = new();

        /// <summary>Signs every later message with <paramref name="next"/>'s key (after a reset).</summary>
        public void Rekey(WorkerProtocol next)
        {
            lock (_lock) protocol = next;
        }

        public void Add(CellOutput output, string? displayId) =>
            Send(new JsonObject { ["event"] = "output", ["output"] = output.ToJson(), ["displayId"] = displayId });

        public void Replace(string displayId, CellOutput output) =>
            Send(new JsonObject { ["event"] = "replace", ["output"] = output.ToJson(), ["displayId"] = displayId });

        public void Send(JsonObject message)
        {
            lock (_lock) writer.WriteLine(protocol.Line(message));
        }
    }
}
