using System.Net;

namespace Course.NotebookEngine.Rendering;

/// <summary>HTML encoding for text placed in a page or an output.</summary>
internal static class HtmlText
{
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");
}
