namespace Course.NotebookEngine.Format;

/// <summary>The formatting choices of a notebook file, remembered on read so a write reproduces them.</summary>
/// <param name="Indent">One level of indentation ("" for a single-line file).</param>
/// <param name="NewLine">"\n" or "\r\n".</param>
/// <param name="Preamble">Whatever preceded the root object (a byte order mark, whitespace).</param>
/// <param name="Trailer">Whatever followed the root object (VS Code and Jupyter end with one newline).</param>
/// <param name="SpaceAfterColon">Python's single-line style writes ": " and ", "; JavaScript's writes neither.</param>
/// <param name="EscapeNonAscii">The file escaped every non-ASCII character (Python's ensure_ascii).</param>
public sealed record JsonLayout(string Indent, string NewLine, string Preamble, string Trailer, bool SpaceAfterColon, bool EscapeNonAscii)
{
    /// <summary>What VS Code writes for a new notebook: one space of indentation and a final newline.</summary>
    public static JsonLayout VsCode { get; } = new(" ", "\n", "", "\n", false, false);

    /// <summary>Finds the layout of an existing file's text.</summary>
    public static JsonLayout Detect(string text)
    {
        var start = 0;
        while (start < text.Length && text[start] != '{' && text[start] != '[') start++;
        var end = text.Length;
        while (end > start && text[end - 1] != '}' && text[end - 1] != ']') end--;
        var newLine = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var indent = "";
        var firstBreak = text.IndexOf('\n', start);
        if (firstBreak >= 0 && firstBreak < end)
        {
            var i = firstBreak + 1;
            while (i < text.Length && (text[i] == ' ' || text[i] == '\t')) i++;
            indent = text[(firstBreak + 1)..i];
        }
        var spaceAfterColon = indent.Length == 0 && text.Contains("\": ", StringComparison.Ordinal);
        var escapesNonAscii = !text.Any(c => c > 0x7e) && System.Text.RegularExpressions.Regex.IsMatch(text, @"\\u(?!00[01])[0-9a-fA-F]{4}");
        return new JsonLayout(indent, newLine, text[..start], text[end..], spaceAfterColon, escapesNonAscii);
    }
}
