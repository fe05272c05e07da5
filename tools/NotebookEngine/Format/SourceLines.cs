using System.Text.Json.Nodes;

namespace Course.NotebookEngine.Format;

/// <summary>nbformat's multi-line strings: a list of lines, each keeping its "\n" (the last may lack one).</summary>
internal static class SourceLines
{
    public static JsonArray Split(string text)
    {
        var array = new JsonArray();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            var stop = end < 0 ? text.Length : end + 1;
            array.Add(text[start..stop]);
            start = stop;
        }
        return array;
    }
}
