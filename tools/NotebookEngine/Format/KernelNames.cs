namespace Course.NotebookEngine.Format;

/// <summary>The kernel names of Polyglot Notebooks and the aliases files use for them.</summary>
public static class KernelNames
{
    /// <summary>The C# kernel, the only one whose cells the engine executes.</summary>
    public const string CSharp = "csharp";

    /// <summary>Markdown written in a code cell: shown, not executed.</summary>
    public const string Markdown = "markdown";

    /// <summary>A mermaid diagram: shown as source, not executed.</summary>
    public const string Mermaid = "mermaid";

    /// <summary>Raw HTML: displayed as text/html.</summary>
    public const string Html = "html";

    /// <summary>Maps the names found in files (".net-csharp", "C#", "cs", "md") to kernel names; others pass through lower-cased.</summary>
    public static string Normalize(string name) => name.Trim().ToLowerInvariant() switch
    {
        "csharp" or "c#" or "cs" or ".net-csharp" => CSharp,
        "markdown" or "md" => Markdown,
        "mermaid" => Mermaid,
        "html" => Html,
        var other => other,
    };
}
