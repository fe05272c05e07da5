using System.Text.Json.Nodes;

namespace Course.Kernel.Execution;

/// <summary>complete_request. The script state lives in the worker process, so the kernel cannot see a notebook's
/// variables; this answers with no matches (a valid reply that front ends show as "no suggestions").</summary>
internal static class Completions
{
    public static JsonObject Reply(string code, int? cursorPosition)
    {
        var cursor = Math.Clamp(cursorPosition ?? code.Length, 0, code.Length);
        return new JsonObject
        {
            ["status"] = "ok",
            ["matches"] = new JsonArray(),
            ["cursor_start"] = cursor,
            ["cursor_end"] = cursor,
            ["metadata"] = new JsonObject(),
        };
    }
}
