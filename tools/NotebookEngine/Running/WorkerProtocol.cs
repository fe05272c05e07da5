using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Course.NotebookEngine.Running;

/// <summary>
/// The parent and the worker talk in JSON lines. The parent's first line to the worker is a random key, read before any
/// cell runs; every line the worker writes to the process's real stdout starts with <see cref="Marker"/> and that key, so
/// nothing a cell writes there (it can reach fd 1 with Console.OpenStandardOutput) can be taken for a message.
/// Parent → worker: the key, then {"op":"run","cell":N,"kernel":"csharp","code":"…","capture":{…}?},
/// {"op":"complete"|"inspect","code":"…","cursor":N}, {"op":"reset","directory":"…"}.
/// Worker → parent: ready, output, replace, value (a captured variable, before done), done
/// ({"event":"done","succeeded":…,"line":N?,"notices":["…"]}: the notices are what the session said about this machine
/// while the cell ran, e.g. a package version substituted or a kernel extension loaded, kept out of the outputs); completions and hover answer
/// complete and inspect; reset answers reset with "clean" and, when clean, the key of every later line (made by the worker, so
/// a cell that reads the raw stdin cannot learn it), or with the work a run left running.
/// </summary>
internal sealed class WorkerProtocol(string key)
{
    /// <summary>What every protocol line starts with, before the key.</summary>
    public const string Marker = "\u001e@nb ";

    private readonly string _prefix = Marker + key + " ";

    /// <summary>A fresh random key for one worker.</summary>
    public static string NewKey() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    public static string Run(int cellNumber, string kernel, string code, VariableCapture? capture)
    {
        var request = new JsonObject { ["op"] = "run", ["cell"] = cellNumber, ["kernel"] = kernel, ["code"] = code };
        if (capture is not null)
            request["capture"] = new JsonObject
            {
                ["variable"] = capture.Variable,
                ["type"] = capture.TypeFullName,
                ["assembly"] = capture.AssemblyName,
                ["assemblyPath"] = capture.AssemblyPath,
            };
        return request.ToJsonString();
    }

    public static string Reset(string directory) => new JsonObject { ["op"] = "reset", ["directory"] = directory }.ToJsonString();

    public static string Ask(string op, string code, int cursor) =>
        new JsonObject { ["op"] = op, ["code"] = code, ["cursor"] = cursor }.ToJsonString();

    public string Line(JsonObject message) => _prefix + message.ToJsonString();

    public JsonObject? Parse(string line) =>
        line.StartsWith(_prefix, StringComparison.Ordinal) ? JsonNode.Parse(line[_prefix.Length..]) as JsonObject : null;
}
