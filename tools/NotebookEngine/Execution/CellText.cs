using Microsoft.DotNet.Interactive;

namespace Course.NotebookEngine.Execution;

/// <summary>Between Jupyter's character offsets in a cell and the kernel's (line, character) positions.</summary>
internal static class CellText
{
    public static LinePosition Position(string code, int offset)
    {
        var line = 0;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
            if (code[i] == '\n') { line++; lineStart = i + 1; }
        return new LinePosition(line, offset - lineStart);
    }

    public static int Offset(string code, LinePosition position)
    {
        var offset = 0;
        for (var line = 0; line < position.Line && offset < code.Length; offset++)
            if (code[offset] == '\n') line++;
        return Math.Clamp(offset + position.Character, 0, code.Length);
    }

    public static int WordStart(string code, int cursor)
    {
        var start = cursor;
        while (start > 0 && (char.IsLetterOrDigit(code[start - 1]) || code[start - 1] == '_')) start--;
        return start;
    }
}
