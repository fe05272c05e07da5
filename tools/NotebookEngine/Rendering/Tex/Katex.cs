using System.Reflection;
using System.Text.RegularExpressions;

namespace Course.NotebookEngine.Rendering.Tex;

/// <summary>
/// KaTeX as vendored under Assets/katex and embedded in this assembly: the script, and the stylesheet with its woff2
/// fonts inlined as data: URIs so a page typesets formulas from file:// with no network.
/// </summary>
internal static partial class Katex
{
    private const string Prefix = "katex/";
    private static readonly Lazy<string> LazyScript = new(() => ReadText("katex.min.js"));
    private static readonly Lazy<string> LazyStyle = new(() => InlineFonts(ReadText("katex.min.css")));

    /// <summary>katex.min.js as shipped.</summary>
    public static string Script => LazyScript.Value;

    /// <summary>katex.min.css, each @font-face reduced to its woff2 file as a data: URI.</summary>
    public static string Style => LazyStyle.Value;

    /// <summary>The KaTeX version, as the script reports it.</summary>
    public static string Version => VersionPattern().Match(Script) is { Success: true } m ? m.Groups[1].Value : "unknown";

    /// <summary>
    /// Typesets every element Markdig marked as math: <c>\(…\)</c> inline, <c>\[…\]</c> display. Bad TeX shows in red
    /// (throwOnError false) instead of stopping the others. When done the page sets data-math-typeset to the count and
    /// data-math-fonts to whether KaTeX's main font is usable (tests read both).
    /// </summary>
    public const string TypesetScript = """
        (function () {
          var elements = document.querySelectorAll('.math');
          elements.forEach(function (element) {
            var tex = element.textContent.trim();
            var display = tex.lastIndexOf('\\[', 0) === 0 || element.tagName === 'DIV';
            if (/^\\[\[(]/.test(tex) && /\\[\])]$/.test(tex)) tex = tex.slice(2, -2);
            katex.render(tex, element, {displayMode: display, throwOnError: false});
          });
          document.body.dataset.mathTypeset = String(elements.length);
          document.fonts.load('16px KaTeX_Main').then(function () {
            document.body.dataset.mathFonts = String(document.fonts.check('16px KaTeX_Main'));
          });
        })();

        """;

    internal static string InlineFonts(string css)
    {
        var inlined = FontSources().Replace(css, match =>
            $"src:url(data:font/woff2;base64,{Convert.ToBase64String(ReadBytes($"fonts/{match.Groups[1].Value}.woff2"))}) format(\"woff2\")");
        var left = LocalUrl().Match(inlined);
        if (left.Success)
            throw new InvalidOperationException($"katex.min.css still refers to {left.Value} after inlining the woff2 fonts; was Assets/katex updated without its fonts?");
        return inlined;
    }

    private static string ReadText(string name)
    {
        using var reader = new StreamReader(new MemoryStream(ReadBytes(name)));
        return reader.ReadToEnd();
    }

    private static byte[] ReadBytes(string name)
    {
        var assembly = typeof(Katex).Assembly;
        using var stream = assembly.GetManifestResourceStream(Prefix + name)
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} embeds no resource '{Prefix + name}' (Assets/katex/{name}; see NotebookEngine.csproj)");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    // src:url(fonts/KaTeX_Main-Regular.woff2) format("woff2"),url(fonts/….woff) format("woff"),url(fonts/….ttf) format("truetype")
    [GeneratedRegex(@"src:\s*url\(fonts/([\w-]+)\.woff2\)\s*format\(""woff2""\)(?:\s*,\s*url\([^)]*\)\s*format\(""[^""]*""\))*")]
    private static partial Regex FontSources();

    [GeneratedRegex(@"url\((?!data:)[^)]*\)")]
    private static partial Regex LocalUrl();

    [GeneratedRegex(@"version:""([^""]+)""")]
    private static partial Regex VersionPattern();
}
