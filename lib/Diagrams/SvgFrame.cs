using System.Globalization;
using System.Xml.Linq;

namespace Backprop.Diagrams;

/// <summary>What every diagram's SVG shares: the root's size and font, the title, the arrowhead and the white page.</summary>
internal static class SvgFrame
{
    public static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>The root's attributes and first children; the arrowhead is referenced as <c>url(#<paramref name="arrowId"/>)</c>.</summary>
    public static IEnumerable<object> Parts(double width, double height, string title, string arrowId, string stroke)
    {
        yield return new XAttribute("width", Number(width));
        yield return new XAttribute("height", Number(height));
        yield return new XAttribute("viewBox", $"0 0 {Number(width)} {Number(height)}");
        yield return new XAttribute("style", "max-width:100%;height:auto");   // narrower pages shrink the picture instead of cutting it
        yield return new XAttribute("font-family", "'Segoe UI', Helvetica, Arial, sans-serif");
        yield return new XElement(Svg + "title", title);
        yield return new XElement(Svg + "defs",
            new XElement(Svg + "marker", new XAttribute("id", arrowId), new XAttribute("viewBox", "0 0 10 10"),
                new XAttribute("refX", "9"), new XAttribute("refY", "5"), new XAttribute("markerWidth", "7"),
                new XAttribute("markerHeight", "7"), new XAttribute("orient", "auto-start-reverse"),
                new XElement(Svg + "path", new XAttribute("d", "M 0 0 L 10 5 L 0 10 z"), new XAttribute("fill", stroke))));
        yield return new XElement(Svg + "rect", new XAttribute("width", "100%"), new XAttribute("height", "100%"), new XAttribute("fill", "#ffffff"));
    }

    /// <summary>A text element at (x, y); a halo (a white outline behind the glyphs) keeps a label readable where it crosses an edge.</summary>
    public static XElement Text(double x, double y, string text, string colour, double size, string anchor,
        bool bold = false, bool halo = false, string? cssClass = null)
    {
        var element = new XElement(Svg + "text",
            new XAttribute("x", Number(x)), new XAttribute("y", Number(y)), new XAttribute("fill", colour),
            new XAttribute("font-size", Number(size)), new XAttribute("text-anchor", anchor), text);
        if (bold) element.Add(new XAttribute("font-weight", "600"));
        if (cssClass is not null) element.Add(new XAttribute("class", cssClass));
        if (halo) element.Add(new XAttribute("stroke", "#ffffff"), new XAttribute("stroke-width", "4"), new XAttribute("paint-order", "stroke"));
        return element;
    }

    /// <summary>A coordinate as SVG text: two decimals at most, invariant culture.</summary>
    public static string Number(double value) => Math.Round(value, 2).ToString(CultureInfo.InvariantCulture);
}
