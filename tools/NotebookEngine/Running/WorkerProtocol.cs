using System.Text.Json.Nodes;

namespace Course.NotebookEngine.Running;

/// <summary>
/// The parent and the worker talk in JSON lines. The worker writes its lines to the process's real stdout
/// with <see cref="Prefix"/>, so a stray line from a cell that bypasses Console.Out cannot be taken for a message.
/// Parent → worker: {"op":"run","cell":N,"kernel":"csharp","code":"…"}, {"op":"complete"|"inspect","code":"…","cursor":N}.
/// Worker → parent: ready, output, replace, done; completions and hover answer complete and inspect.
/// </summary>
internal static class WorkerProtocol
{
    public const string Prefix = "\u001e@nb ";

    public static string Run(int cellNumber, string kernel, string code) =>
        new JsonObject { ["op"] = "run", ["cell"] = cellNumber, ["kernel"] = kernel, ["code"] = code }.ToJsonString();

    public static string Ask(string op, string code, int cursor) =>
        new JsonObject { ["op"] = op, ["code"] = code, ["cursor"] = cursor }.ToJsonString();

    public static string Line(JsonObject message) => Prefix + message.ToJsonString();

    public static JsonObject? Parse(string line) =>
        line.StartsWith(Prefix, StringComparison.Ordinal) ? JsonNode.Parse(line[Prefix.Length..]) as JsonObject : null;
}
