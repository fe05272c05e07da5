using System.Text.Json.Nodes;

namespace Course.NotebookEngine.Outputs;

/// <summary>
/// A formatted value: display_data (from display(...) / .Display()) or execute_result (the cell's trailing
/// expression). <see cref="DisplayId"/> lets a later update replace it and is not written to the file. <see cref="Data"/> maps a mime type to a string, or to JSON for JSON mime types (charts).
/// </summary>
public sealed record DisplayOutput(IReadOnlyDictionary<string, JsonNode?> Data, bool IsResult, string? DisplayId = null) : CellOutput
{
    /// <summary>The text/plain alternative, if any.</summary>
    public string? PlainText => Text("text/plain");

    /// <summary>The text/html alternative, if any.</summary>
    public string? Html => Text("text/html");

    /// <summary>The data of one mime type as a string (null when absent or not a string).</summary>
    public string? Text(string mimeType) =>
        Data.TryGetValue(mimeType, out var node) && node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <inheritdoc />
    public override JsonObject ToJson(int? executionCount = null)
    {
        var data = new JsonObject();
        foreach (var (mime, value) in Data.OrderBy(p => p.Key, StringComparer.Ordinal))
            data[mime] = value?.DeepClone();
        var json = new JsonObject { ["data"] = data };
        if (IsResult) json["execution_count"] = executionCount;
        json["metadata"] = new JsonObject();
        json["output_type"] = IsResult ? "execute_result" : "display_data";
        return json;
    }
}
