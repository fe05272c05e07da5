using System.Globalization;
using System.Xml.Linq;

namespace Backprop.Diagrams;

/// <summary>Draws a <see cref="LayerDiagram"/> in the style of <see cref="GraphSvgRenderer"/>.</summary>
internal static class LayerDiagramRenderer
{
    static readonly XNamespace Svg = SvgFrame.Svg;
    const string ForwardColour = "#1d4ed8", BackwardColour = "#dc2626", Ink = "#1f2937", Stroke = "#4b5563";
    const double RowHeight = 96, Left = 40, Top = 86, Radius = 22, BoxHeight = 34, LayerHeight = 44, FontSize = 14;

    public static string Render(LayerDiagram diagram)
    {
        var nodes = diagram.Nodes;
        // The first column's widest node must fit left of column 0's centre line.
        var firstHalfWidth = nodes.Where(m => m.Column < 1).Select(HalfWidth).DefaultIfEmpty(0).Max();
        double X(DiagramNode n) => Left + firstHalfWidth + n.Column * diagram.ColumnWidth;
        double Y(DiagramNode n) => Top + n.Row * RowHeight;

        var arrows = new XElement(Svg + "g", new XAttribute("class", "edges"));
        var labels = new XElement(Svg + "g", new XAttribute("class", "edge-labels"));
        var shapes = new XElement(Svg + "g", new XAttribute("class", "nodes"));
        var right = Left;

        foreach (var edge in diagram.Edges)
        {
            // Arrows arriving at one node are spread a little, top to bottom in the order of their sources.
            var arriving = diagram.Edges.Where(e => ReferenceEquals(e.To, edge.To)).OrderBy(e => e.From.Row).ToList();
            var spread = edge.To.Kind == DiagramNodeKind.End ? 0 : (arriving.IndexOf(edge) - (arriving.Count - 1) / 2.0) * 10;
            var (x1, y1) = (X(edge.From) + HalfWidth(edge.From), Y(edge.From));
            var (x2, y2) = (X(edge.To) - HalfWidth(edge.To) - 2, Y(edge.To) + spread);
            arrows.Add(Curve(x1, y1, x2, y2));
            // In the middle, where two arrows converging from half a row apart or more leave room for both labels.
            var (lx, ly) = PointOnCurve(x1, y1, x2, y2, 0.5);
            labels.Add(Text(lx, ly - 8, edge.Forward, ForwardColour, FontSize, "middle", halo: true, cssClass: "forward"));
            if (edge.Backward is not null)
                labels.Add(Text(lx, ly + 20, edge.Backward, BackwardColour, FontSize, "middle", halo: true, cssClass: "backward"));
            var halfLabel = TextWidth(Math.Max(edge.Forward.Length, edge.Backward?.Length ?? 0), FontSize) / 2;
            right = Math.Max(right, Math.Max(x2, lx + halfLabel));
        }

        foreach (var node in nodes)
        {
            if (node.Kind != DiagramNodeKind.End) shapes.Add(Shape(node, X(node), Y(node)));
            right = Math.Max(right, X(node) + HalfWidth(node));
        }

        var width = right + 30;
        var height = Top + nodes.Select(n => n.Row).DefaultIfEmpty(0).Max() * RowHeight + 56;
        var svg = new XElement(Svg + "svg",
            SvgFrame.Parts(width, height, diagram.Title, "layer-arrow", Stroke),
            Text(24, 28, diagram.Title, Ink, 17, "start", bold: true),
            Text(24, 50, "forward", ForwardColour, 12, "start"),
            Text(84, 50, "backward", BackwardColour, 12, "start"),
            arrows, shapes, labels);
        return svg.ToString(SaveOptions.DisableFormatting);
    }

    static double HalfWidth(DiagramNode node) => node.Kind switch
    {
        DiagramNodeKind.Operation => Radius,
        DiagramNodeKind.Variable => Math.Max(56, TextWidth(node.Label.Length, 15) + 24) / 2,
        DiagramNodeKind.Layer => Math.Max(110, TextWidth(node.Label.Length, 15) + 32) / 2,
        _ => 0,
    };

    static XElement Shape(DiagramNode node, double x, double y)
    {
        var group = new XElement(Svg + "g", new XAttribute("class", "node " + node.Kind.ToString().ToLowerInvariant()));
        if (node.Kind == DiagramNodeKind.Operation)
        {
            group.Add(new XElement(Svg + "circle",
                    new XAttribute("cx", Number(x)), new XAttribute("cy", Number(y)), new XAttribute("r", Number(Radius)),
                    new XAttribute("fill", "#ffffff"), new XAttribute("stroke", Stroke), new XAttribute("stroke-width", "2")),
                node.Label.Length == 1 ? Text(x, y + 8, node.Label, Ink, 24, "middle") : Text(x, y + 5, node.Label, Ink, 14, "middle"));
            return group;
        }
        var (w, h) = (2 * HalfWidth(node), node.Kind == DiagramNodeKind.Layer ? LayerHeight : BoxHeight);
        group.Add(new XElement(Svg + "rect",
                new XAttribute("x", Number(x - w / 2)), new XAttribute("y", Number(y - h / 2)),
                new XAttribute("width", Number(w)), new XAttribute("height", Number(h)), new XAttribute("rx", "8"),
                new XAttribute("fill", node.Kind == DiagramNodeKind.Layer ? "#eef2ff" : "#f3f4f6"),
                new XAttribute("stroke", Stroke), new XAttribute("stroke-width", node.Kind == DiagramNodeKind.Layer ? "2" : "1.5")),
            Text(x, y + 5, node.Label, Ink, 15, "middle", bold: node.Kind == DiagramNodeKind.Layer));
        return group;
    }

    static XElement Curve(double x1, double y1, double x2, double y2)
    {
        var bend = (x2 - x1) / 2;
        return new XElement(Svg + "path",
            new XAttribute("d", $"M {Number(x1)} {Number(y1)} C {Number(x1 + bend)} {Number(y1)}, {Number(x2 - bend)} {Number(y2)}, {Number(x2)} {Number(y2)}"),
            new XAttribute("fill", "none"), new XAttribute("stroke", Stroke), new XAttribute("stroke-width", "1.5"),
            new XAttribute("marker-end", "url(#layer-arrow)"));
    }

    static (double x, double y) PointOnCurve(double x1, double y1, double x2, double y2, double t)
    {
        // The control points share the end points' heights, so y follows the smoothstep 3t² − 2t³ and x is linear.
        return (x1 + (x2 - x1) * t, y1 + (y2 - y1) * (3 * t * t - 2 * t * t * t));
    }

    static XElement Text(double x, double y, string text, string colour, double size, string anchor,
        bool bold = false, bool halo = false, string? cssClass = null) => SvgFrame.Text(x, y, text, colour, size, anchor, bold, halo, cssClass);

    /// <summary>A generous estimate of a label's width: about 0.6 em per character.</summary>
    static double TextWidth(int characters, double size) => 0.6 * size * characters;

    static string Number(double value) => SvgFrame.Number(value);
}
