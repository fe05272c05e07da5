using System.Xml.Linq;

namespace Backprop.Diagrams;

/// <summary>
/// Draws a <see cref="Diagram"/> left to right: variables as boxes, operations as circles, layers as wide boxes, each arrow
/// with its forward label above (blue) and its backward label below (red).
/// </summary>
internal static class DiagramSvg
{
    static readonly XNamespace Svg = SvgFrame.Svg;
    const string ForwardColour = "#1d4ed8", BackwardColour = "#dc2626", Ink = "#1f2937", Muted = "#6b7280", Stroke = "#4b5563";
    const double RowHeight = 90, Left = 40, Top = 86, Radius = 22, BoxHeight = 34, LayerHeight = 44, FontSize = 14, BulgeHeight = 40;

    public static string Render(Diagram diagram)
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
        var bottom = Top;
        var highest = Top;   // the top of the highest edge label: an arrow bowing over a node may rise above the first row

        foreach (var edge in diagram.Edges)
        {
            var (x1, y1) = (X(edge.From) + HalfWidth(edge.From), Y(edge.From));
            var (x2, y2) = (X(edge.To) - HalfWidth(edge.To) - 2, Y(edge.To));
            var twins = diagram.Edges.Where(e => ReferenceEquals(e.From, edge.From) && ReferenceEquals(e.To, edge.To)).ToList();
            double lx, ly;
            if (twins.Count > 1)
            {
                // One value read twice by one operation (t × t): the edges bow apart, labelled at their middles.
                var bulge = (twins.FindIndex(e => ReferenceEquals(e, edge)) - (twins.Count - 1) / 2.0) * 2 * BulgeHeight;
                var sign = Math.Sign(bulge);
                (y1, y2) = (y1 + sign * 6, y2 + sign * 8);
                arrows.Add(Curve(x1, y1, x2, y2, bulge));
                (lx, ly) = ((x1 + x2) / 2, (y1 + y2) / 2 + 0.75 * bulge);
            }
            else if (Obstacles(diagram, edge, X, Y).ToList() is { Count: > 0 } blocking)
            {
                // An arrow that would run through a node between its ends (a tensor read again two steps later) bows up
                // over it: a control-point lift of b raises the curve by 3t(1 − t)·b at parameter t.
                var bulge = -Math.Min(2 * RowHeight, blocking.Max(t => (Radius + 26) / (3 * t * (1 - t))));
                arrows.Add(Curve(x1, y1, x2, y2, bulge));
                (lx, ly) = ((x1 + x2) / 2, (y1 + y2) / 2 + 0.75 * bulge);
            }
            else
            {
                // Arrows arriving at one node are spread a little, top to bottom in the order of their sources, and labelled
                // near their start, where they are still apart, when the label fits there; else at their middle.
                var arriving = diagram.Edges.Where(e => ReferenceEquals(e.To, edge.To)).OrderBy(e => e.From.Row).ToList();
                y2 += edge.To.Kind == DiagramNodeKind.End ? 0 : (arriving.FindIndex(e => ReferenceEquals(e, edge)) - (arriving.Count - 1) / 2.0) * 10;
                arrows.Add(Curve(x1, y1, x2, y2));
                (lx, ly) = PointOnCurve(x1, y1, x2, y2, 0.5);
                var nearStart = PointOnCurve(x1, y1, x2, y2, 0.35);
                if (arriving.Count > 1 && nearStart.x - LabelHalfWidth(edge) >= x1 + 4) (lx, ly) = nearStart;
            }
            highest = Math.Min(highest, ly - 8 - FontSize);
            labels.Add(Text(lx, ly - 8, edge.Forward, ForwardColour, FontSize, "middle", halo: true, cssClass: "forward"));
            if (edge.Backward is not null)
                labels.Add(Text(lx, ly + 20, edge.Backward, BackwardColour, FontSize, "middle", halo: true, cssClass: "backward"));
            right = Math.Max(right, Math.Max(x2, lx + LabelHalfWidth(edge)));
            bottom = Math.Max(bottom, ly + 28);
        }

        foreach (var node in nodes)
        {
            if (node.Kind != DiagramNodeKind.End) shapes.Add(Shape(node, X(node), Y(node)));
            right = Math.Max(right, X(node) + HalfWidth(node));
            var below = Y(node) + (node.Kind == DiagramNodeKind.Operation ? Radius + (node.Caption is null ? 18 : 34) : BoxHeight / 2 + 18);
            if (node.Note is not null)
            {
                labels.Add(Text(X(node), below, node.Note, BackwardColour, 13, "middle", bold: true, halo: true, cssClass: "note"));
                right = Math.Max(right, X(node) + TextWidth(node.Note.Length, 13) / 2);
            }
            bottom = Math.Max(bottom, below);
        }

        // Below the title and key (the key's baseline is y = 50), however high a label rises.
        var shift = Math.Max(0, 56 - highest);
        var width = right + 30;
        var height = bottom + shift + 30;
        var svg = new XElement(Svg + "svg",
            SvgFrame.Parts(width, height, diagram.Title, "diagram-arrow", Stroke),
            Text(24, 28, diagram.Title, Ink, 17, "start", bold: true),
            Text(24, 50, diagram.ForwardLegend, ForwardColour, 12, "start"),
            diagram.BackwardLegend is null ? null
                : Text(24 + 0.5 * 12 * diagram.ForwardLegend.Length + 16, 50, diagram.BackwardLegend, BackwardColour, 12, "start"),
            shift > 0 ? new XElement(Svg + "g", new XAttribute("transform", $"translate(0 {Number(shift)})"), arrows, shapes, labels)
                : new object[] { arrows, shapes, labels });
        return svg.ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>
    /// Where (as the curve's parameter t) a straight arrow from one node to another would pass through a third node in a
    /// column between them: within one node's height of it.
    /// </summary>
    static IEnumerable<double> Obstacles(Diagram diagram, DiagramEdge edge, Func<DiagramNode, double> x, Func<DiagramNode, double> y)
    {
        var (x1, y1, x2, y2) = (x(edge.From), y(edge.From), x(edge.To), y(edge.To));
        foreach (var node in diagram.Nodes)
        {
            if (node.Kind == DiagramNodeKind.End || !(node.Column > edge.From.Column && node.Column < edge.To.Column)) continue;
            var t = (x(node) - x1) / (x2 - x1);
            var (_, lineY) = PointOnCurve(x1, y1, x2, y2, t);
            if (Math.Abs(lineY - y(node)) < Radius + 14) yield return t;
        }
    }

    static double LabelHalfWidth(DiagramEdge edge) => TextWidth(Math.Max(edge.Forward.Length, edge.Backward?.Length ?? 0), FontSize) / 2;

    static double HalfWidth(DiagramNode node) => node.Kind switch
    {
        DiagramNodeKind.Operation => Radius,
        DiagramNodeKind.Variable => Math.Max(64, TextWidth(node.Label.Length, 15) + 24) / 2,
        DiagramNodeKind.Layer => Math.Max(110, TextWidth(node.Label.Length, 15) + 32) / 2,
        _ => 0,
    };

    static XElement Shape(DiagramNode node, double x, double y)
    {
        var group = new XElement(Svg + "g", new XAttribute("class", "node " + node.Kind.ToString().ToLowerInvariant()));
        if (node.Kind == DiagramNodeKind.Operation)
        {
            var symbol = node.Label;
            group.Add(new XElement(Svg + "circle",
                    new XAttribute("cx", Number(x)), new XAttribute("cy", Number(y)), new XAttribute("r", Number(Radius)),
                    new XAttribute("fill", "#ffffff"), new XAttribute("stroke", Stroke), new XAttribute("stroke-width", "2")),
                // One-character symbols (×, +) at full size; words like "tanh" smaller so that they fit the circle.
                symbol.Length <= 1 ? Text(x, y + 8, symbol, Ink, 24, "middle")
                    : Text(x, y + 5, symbol, Ink, symbol.Length <= 3 ? 15 : 12, "middle"));
            if (node.Caption is not null) group.Add(Text(x, y + Radius + 16, node.Caption, Muted, 12, "middle"));
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

    /// <summary>A curve leaving and arriving level; <paramref name="bulge"/> lifts (−) or lowers (+) its control points.</summary>
    static XElement Curve(double x1, double y1, double x2, double y2, double bulge = 0)
    {
        var bend = (x2 - x1) / 2;
        return new XElement(Svg + "path",
            new XAttribute("d", $"M {Number(x1)} {Number(y1)} C {Number(x1 + bend)} {Number(y1 + bulge)}, {Number(x2 - bend)} {Number(y2 + bulge)}, {Number(x2)} {Number(y2)}"),
            new XAttribute("fill", "none"), new XAttribute("stroke", Stroke), new XAttribute("stroke-width", "1.5"),
            new XAttribute("marker-end", "url(#diagram-arrow)"));
    }

    /// <summary>The point at parameter t of the cubic curve <see cref="Curve"/> draws without a bulge.</summary>
    static (double x, double y) PointOnCurve(double x1, double y1, double x2, double y2, double t)
    {
        // The control points share the end points' heights, so y follows the smoothstep 3t² − 2t³.
        var bend = (x2 - x1) / 2;
        var u = 1 - t;
        var x = u * u * u * x1 + 3 * u * u * t * (x1 + bend) + 3 * u * t * t * (x2 - bend) + t * t * t * x2;
        return (x, y1 + (y2 - y1) * (3 * t * t - 2 * t * t * t));
    }

    static XElement Text(double x, double y, string text, string colour, double size, string anchor,
        bool bold = false, bool halo = false, string? cssClass = null) => SvgFrame.Text(x, y, text, colour, size, anchor, bold, halo, cssClass);

    /// <summary>A generous estimate of a label's width: about 0.6 em per character.</summary>
    static double TextWidth(int characters, double size) => 0.6 * size * characters;

    static string Number(double value) => SvgFrame.Number(value);
}
