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

    /// <summary>A coordinate as SVG text: two decimals at most, invariant culture.</summary>
    public static string Number(double value) => Math.Round(value, 2).ToString(CultureInfo.InvariantCulture);
}
