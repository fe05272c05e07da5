namespace Course.NotebookEngine.Format;

/// <summary>Reads the kernel selector (#!csharp) on a cell's first line.</summary>
public static class CellSource
{
    /// <summary>The kernel named by a first line "#!name", or null when the first line is not a selector.</summary>
    public static string? Selector(string source)
    {
        var firstLine = FirstLine(source).Trim();
        if (!firstLine.StartsWith("#!", StringComparison.Ordinal)) return null;
        var name = firstLine[2..].Trim();
        return name.Length == 0 || name.Contains(' ') || MagicCommands.Contains(name) ? null : name;
    }

    // Magic commands of the real kernel that may also sit on a first line; they select no kernel.
    private static readonly HashSet<string> MagicCommands = new(StringComparer.OrdinalIgnoreCase)
    {
        "time", "about", "who", "whos", "lsmagic", "set", "share", "import", "connect", "log",
    };

    /// <summary>The source without its selector line; line 1 is then the first line the learner sees in VS Code.</summary>
    public static string WithoutSelector(string source)
    {
        if (Selector(source) is null) return source;
        var end = source.IndexOf('\n');
        return end < 0 ? "" : source[(end + 1)..];
    }

    private static string FirstLine(string source)
    {
        var end = source.IndexOf('\n');
        return (end < 0 ? source : source[..end]).TrimEnd('\r');
    }
}
