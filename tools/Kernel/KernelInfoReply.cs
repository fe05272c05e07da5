using System.Reflection;
using System.Text.Json.Nodes;
using Course.Kernel.Protocol;
using Microsoft.CodeAnalysis.CSharp;

namespace Course.Kernel;

/// <summary>What kernel_info_reply says about this kernel and its language.</summary>
public static class KernelInfoReply
{
    /// <summary>The implementation name in kernel_info_reply.</summary>
    public const string Implementation = "course-csharp";

    /// <summary>The C# version cells are compiled with (Roslyn's latest).</summary>
    public static string LanguageVersion => LanguageVersionFacts.MapSpecifiedToEffectiveVersion(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest).ToDisplayString();

    /// <summary>The kernel_info_reply content.</summary>
    public static JsonObject Content() => new()
    {
        ["status"] = "ok",
        ["protocol_version"] = MessageBuilder.ProtocolVersion,
        ["implementation"] = Implementation,
        ["implementation_version"] = typeof(KernelInfoReply).Assembly.GetName().Version?.ToString(3) ?? "1.0.0",
        ["language_info"] = new JsonObject
        {
            // VS Code's Jupyter extension maps "C#" to its csharp language; JupyterLab highlights by the mime type.
            ["name"] = "C#",
            ["version"] = LanguageVersion,
            ["mimetype"] = "text/x-csharp",
            ["file_extension"] = ".cs",
            ["pygments_lexer"] = "csharp",
            ["codemirror_mode"] = "text/x-csharp",
        },
        ["banner"] = $"C# {LanguageVersion} on .NET {Environment.Version} — the Backprop course's engine (the .NET Interactive C# kernel in a worker process)",
        ["help_links"] = new JsonArray(new JsonObject { ["text"] = "C# documentation", ["url"] = "https://learn.microsoft.com/dotnet/csharp/" }),
        ["debugger"] = false,
    };
}
