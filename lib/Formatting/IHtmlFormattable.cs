namespace Backprop.Formatting;

/// <summary>A value that knows how to draw itself as an HTML fragment in a notebook.</summary>
public interface IHtmlFormattable
{
    /// <summary>A self-contained HTML fragment (inline SVG or a table; no scripts, no network).</summary>
    string ToHtml();
}
