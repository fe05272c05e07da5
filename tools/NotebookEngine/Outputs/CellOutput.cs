using System.Text.Json.Nodes;

namespace Course.NotebookEngine.Outputs;

/// <summary>One nbformat output of a code cell: <see cref="StreamOutput"/>, <see cref="DisplayOutput"/> or <see cref="ErrorOutput"/>.</summary>
public abstract record CellOutput
{
    /// <summary>The nbformat JSON object (keys sorted, as VS Code writes them).</summary>
    public abstract JsonObject ToJson(int? executionCount = null);

    /// <summary>Reads an nbformat output object (as stored in a file or sent by the worker).</summary>
    public static CellOutput FromJson(JsonObject json)
    {
        var type = json["output_type"]?.GetValue<string>();
        return type switch
        {
            "stream" => new StreamOutput(json["name"]?.GetValue<string>() ?? "stdout", Text(json["text"])),
            "error" => new ErrorOutput(
                json["ename"]?.GetValue<string>() ?? "Error",
                json["evalue"]?.GetValue<string>() ?? "",
                (json["traceback"] as JsonArray)?.Select(t => t?.GetValue<string>() ?? "").ToList() ?? []),
            "display_data" or "execute_result" => new DisplayOutput(
                (json["data"] as JsonObject ?? []).ToDictionary(p => p.Key, p => p.Value?.DeepClone()),
                type == "execute_result"),
            _ => throw new FormatException($"unknown output_type '{type}'"),
        };
    }

    private static string Text(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>() ?? "")),
        JsonValue v => v.GetValue<string>(),
        _ => "",
    };
}
