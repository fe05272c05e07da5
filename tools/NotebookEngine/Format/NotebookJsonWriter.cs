using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Course.NotebookEngine.Format;

/// <summary>
/// Writes JSON the way VS Code (JavaScript's JSON.stringify with an indent) and Jupyter (Python's
/// json.dump with indent, ensure_ascii=False) write notebooks, so that reading and writing a file
/// changes no byte. System.Text.Json's own writer escapes non-ASCII and HTML characters and would not.
/// </summary>
internal sealed class NotebookJsonWriter(JsonLayout layout)
{
    private readonly StringBuilder _text = new();

    public static string Write(JsonNode? root, JsonLayout layout)
    {
        var writer = new NotebookJsonWriter(layout);
        writer._text.Append(layout.Preamble);
        writer.WriteNode(root, 0);
        writer._text.Append(layout.Trailer);
        return writer._text.ToString();
    }

    private void WriteNode(JsonNode? node, int depth)
    {
        switch (node)
        {
            case null: _text.Append("null"); break;
            case JsonObject obj: WriteObject(obj, depth); break;
            case JsonArray array: WriteArray(array, depth); break;
            case JsonValue value: WriteValue(value); break;
        }
    }

    private void WriteObject(JsonObject obj, int depth)
    {
        if (obj.Count == 0) { _text.Append("{}"); return; }
        _text.Append('{');
        var first = true;
        foreach (var (name, value) in obj)
        {
            if (!first) _text.Append(',');
            first = false;
            NewLine(depth + 1);
            WriteString(name);
            _text.Append(layout.Indent.Length > 0 || layout.SpaceAfterColon ? ": " : ":");
            WriteNode(value, depth + 1);
        }
        NewLine(depth);
        _text.Append('}');
    }

    private void WriteArray(JsonArray array, int depth)
    {
        if (array.Count == 0) { _text.Append("[]"); return; }
        _text.Append('[');
        for (var i = 0; i < array.Count; i++)
        {
            if (i > 0) _text.Append(',');
            NewLine(depth + 1);
            WriteNode(array[i], depth + 1);
        }
        NewLine(depth);
        _text.Append(']');
    }

    private void NewLine(int depth)
    {
        if (layout.Indent.Length == 0)
        {
            if (layout.SpaceAfterColon && _text.Length > 0 && _text[^1] == ',') _text.Append(' ');
            return;
        }
        _text.Append(layout.NewLine);
        for (var i = 0; i < depth; i++) _text.Append(layout.Indent);
    }

    private void WriteValue(JsonValue value)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            if (element.ValueKind == JsonValueKind.String) WriteString(element.GetString()!);
            else _text.Append(element.GetRawText());
            return;
        }
        if (value.TryGetValue<string>(out var s)) { WriteString(s); return; }
        if (value.TryGetValue<bool>(out var b)) { _text.Append(b ? "true" : "false"); return; }
        if (value.TryGetValue<double>(out var d)) { _text.Append(d.ToString("R", CultureInfo.InvariantCulture)); return; }
        _text.Append(value.ToJsonString());
    }

    private void WriteString(string s)
    {
        _text.Append('"');
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '"': _text.Append("\\\""); break;
                case '\\': _text.Append("\\\\"); break;
                case '\n': _text.Append("\\n"); break;
                case '\r': _text.Append("\\r"); break;
                case '\t': _text.Append("\\t"); break;
                case '\b': _text.Append("\\b"); break;
                case '\f': _text.Append("\\f"); break;
                default:
                    if (c < 0x20 || IsLoneSurrogate(s, i) || (layout.EscapeNonAscii && c > 0x7e))
                        _text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else
                        _text.Append(c);
                    break;
            }
        }
        _text.Append('"');
    }

    private static bool IsLoneSurrogate(string s, int i) =>
        char.IsHighSurrogate(s[i]) ? i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1])
        : char.IsLowSurrogate(s[i]) && (i == 0 || !char.IsHighSurrogate(s[i - 1]));
}
