using System.Globalization;
using System.Xml.Linq;

namespace Backprop.Diagrams;

/// <summary>
/// Draws a <see cref="ComputationGraph"/> left to right like the book's figures 5-16 ff.: inputs on the left,
/// operations as circles, each edge with its value above (blue) and its gradient below (red); a node feeding several
/// edges shows under it how their gradients add up to its own.
/// </summary>
internal static class GraphSvgRenderer
{
    static readonly XNamespace Svg = SvgFrame.Svg;
    const string ValueColour = "#1d4ed8", GradientColour = "#dc2626", Ink = "#1f2937", Muted = "#6b7280", Stroke = "#4b5563";
    const double BulgeHeight = 40, ColumnWidth = 190, RowHeight = 84, Left = 24, Top = 70, Radius = 22, BoxHeight = 34, OutputStub = 130;

    public static string Render(ComputationGraph graph)
    {
        var nodes = graph.Nodes;
        var column = Columns(nodes);
        var row = Rows(nodes, column);
        double X(GraphNode n) => Left + 60 + column[n] * ColumnWidth;
        double Y(GraphNode n) => Top + row[n] * RowHeight;
        double HalfWidth(GraphNode n) => n.Kind == GraphNodeKind.Input ? BoxWidth(n) / 2 : Radius;

        var width = Left + 60 + (nodes.Count == 0 ? 0 : column.Values.Max()) * ColumnWidth + Radius + OutputStub + 40;
        var height = Top + (nodes.Count == 0 ? 0 : row.Values.Max()) * RowHeight + 60;

        var edges = new XElement(Svg + "g", new XAttribute("class", "edges"));
        var labels = new XElement(Svg + "g", new XAttribute("class", "edge-labels"));
        var shapes = new XElement(Svg + "g", new XAttribute("class", "nodes"));

        foreach (var consumer in nodes)
            for (var i = 0; i < consumer.Inputs.Count; i++)
            {
                var input = consumer.Inputs[i];
                var (x1, y1) = (X(input) + HalfWidth(input), Y(input));
                var (x2, y2) = (X(consumer) - Radius - 2, Y(consumer));
                if (consumer.Inputs.Count == 2 && ReferenceEquals(consumer.Inputs[0], consumer.Inputs[1]))
                {
                    // t × t: the two edges from the same node bow apart, one up and one down, labelled at their middles.
                    var bulge = i == 0 ? -BulgeHeight : BulgeHeight;
                    var (sy, ey) = (y1 + Math.Sign(bulge) * 6, y2 + Math.Sign(bulge) * 8);
                    edges.Add(Edge(x1, sy, x2, ey, bulge));
                    labels.Add(EdgeLabels((x1 + x2) / 2, (sy + ey) / 2 + 0.75 * bulge, input.Value, graph.EdgeGradient(input, consumer, i), graph.Digits));
                    continue;
                }
                edges.Add(Edge(x1, y1, x2, y2));
                // Labels sit near the start, where edges converging on one node are still apart.
                var (lx, ly) = PointOnEdge(x1, y1, x2, y2, 0.3);
                labels.Add(EdgeLabels(lx, ly, input.Value, graph.EdgeGradient(input, consumer, i), graph.Digits));
            }

        foreach (var node in nodes)
        {
            shapes.Add(Shape(node, X(node), Y(node)));
            if (FanOutSum(graph, node) is { } sum)
            {
                // Several edges leave this node: its gradient is their sum, written out under it.
                var below = node.Kind == GraphNodeKind.Input ? BoxHeight / 2 + 18 : Radius + 34;
                labels.Add(Text(X(node), Y(node) + below, sum, GradientColour, 13, "middle", bold: true, halo: true, cssClass: "gradient-sum"));
            }
            if (!nodes.Any(n => n.Inputs.Contains(node)))
            {
                // A result: its own outgoing edge carries its value and the gradient the backward pass starts from.
                var (x1, y1) = (X(node) + HalfWidth(node), Y(node));
                edges.Add(Edge(x1, y1, x1 + OutputStub - 10, y1));
                labels.Add(EdgeLabels(x1 + (OutputStub - 10) / 2, y1, node.Value, node.Gradient, graph.Digits));
            }
        }

        var svg = new XElement(Svg + "svg",
            SvgFrame.Parts(width, height, graph.Title, "arrow", Stroke),
            Text(Left, 28, graph.Title, Ink, 17, "start", bold: true),
            Text(Left, 50, "value (forward)", ValueColour, 12, "start"),
            Text(Left + 110, 50, "gradient (backward)", GradientColour, 12, "start"),
            edges, shapes, labels);
        return svg.ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>Layer of each node: operations one right of their furthest input, inputs just left of their first consumer.</summary>
    static Dictionary<GraphNode, int> Columns(IReadOnlyList<GraphNode> nodes)
    {
        var column = new Dictionary<GraphNode, int>();
        foreach (var node in nodes.Where(n => n.Kind != GraphNodeKind.Input))
            column[node] = 1 + node.Inputs.Where(i => i.Kind != GraphNodeKind.Input).Select(i => column[i]).DefaultIfEmpty(0).Max();
        foreach (var node in nodes.Where(n => n.Kind == GraphNodeKind.Input))
            column[node] = nodes.Where(n => n.Inputs.Contains(node)).Select(n => column[n] - 1).DefaultIfEmpty(0).Min();
        return column;
    }

    /// <summary>
    /// Vertical position of each node in row units: first-column inputs stacked in the order they were added,
    /// an operation at the mean height of its inputs, a late input (like the tax) below its column's other nodes.
    /// </summary>
    static Dictionary<GraphNode, double> Rows(IReadOnlyList<GraphNode> nodes, Dictionary<GraphNode, int> column)
    {
        var row = new Dictionary<GraphNode, double>();
        foreach (var layer in nodes.GroupBy(n => column[n]).OrderBy(g => g.Key))
        {
            var wanted = layer
                .Select(n => (node: n, y: n.Kind != GraphNodeKind.Input ? n.Inputs.Average(i => row[i])
                    : layer.Key == 0 ? -1e9 : double.PositiveInfinity))
                .OrderBy(p => p.y)   // stable: ties keep the order the nodes were added
                .ToList();
            var previous = double.NegativeInfinity;
            foreach (var (node, y) in wanted)
            {
                var placed = double.IsPositiveInfinity(y) || y < -1e8 ? previous + 1 : Math.Max(y, previous + 1);
                if (double.IsNegativeInfinity(placed)) placed = 0;
                row[node] = placed;
                previous = placed;
            }
        }
        var top = row.Count == 0 ? 0 : row.Values.Min();
        foreach (var node in row.Keys.ToList()) row[node] -= top;
        return row;
    }

    /// <summary>"a + b = total" for a node whose value feeds several edges, once every edge's gradient is known; else null.</summary>
    static string? FanOutSum(ComputationGraph graph, GraphNode node)
    {
        if (node.Gradient is not { } total) return null;
        var parts = new List<double>();
        foreach (var consumer in graph.Nodes)
            for (var i = 0; i < consumer.Inputs.Count; i++)
                if (ReferenceEquals(consumer.Inputs[i], node))
                {
                    if (graph.EdgeGradient(node, consumer, i) is not { } part) return null;
                    parts.Add(part);
                }
        if (parts.Count < 2) return null;
        return string.Join(" + ", parts.Select(p => NumberText.Format(p, graph.Digits))) + " = " + NumberText.Format(total, graph.Digits);
    }

    static XElement Shape(GraphNode node, double x, double y)
    {
        var group = new XElement(Svg + "g", new XAttribute("class", "node " + node.Kind.ToString().ToLowerInvariant()));
        if (node.Kind == GraphNodeKind.Input)
        {
            var w = BoxWidth(node);
            group.Add(new XElement(Svg + "rect",
                new XAttribute("x", Number(x - w / 2)), new XAttribute("y", Number(y - BoxHeight / 2)),
                new XAttribute("width", Number(w)), new XAttribute("height", Number(BoxHeight)),
                new XAttribute("rx", "8"), new XAttribute("fill", "#f3f4f6"), new XAttribute("stroke", Stroke), new XAttribute("stroke-width", "1.5")),
                Text(x, y + 5, node.Name, Ink, 14, "middle"));
        }
        else
        {
            group.Add(new XElement(Svg + "circle",
                new XAttribute("cx", Number(x)), new XAttribute("cy", Number(y)), new XAttribute("r", Number(Radius)),
                new XAttribute("fill", "#ffffff"), new XAttribute("stroke", Stroke), new XAttribute("stroke-width", "2")),
                // One-character symbols (×, +) at full size; words like "tanh" smaller so that they fit the circle.
                node.Symbol.Length <= 1 ? Text(x, y + 8, node.Symbol, Ink, 24, "middle")
                    : Text(x, y + 5, node.Symbol, Ink, node.Symbol.Length <= 3 ? 15 : 12, "middle"),
                Text(x, y + Radius + 16, node.Name, Muted, 12, "middle"));
        }
        return group;
    }

    /// <summary>A curve leaving and arriving level; <paramref name="bulge"/> lifts (−) or lowers (+) its control points.</summary>
    static XElement Edge(double x1, double y1, double x2, double y2, double bulge = 0)
    {
        var bend = (x2 - x1) / 2;
        return new XElement(Svg + "path",
            new XAttribute("d", $"M {Number(x1)} {Number(y1)} C {Number(x1 + bend)} {Number(y1 + bulge)}, {Number(x2 - bend)} {Number(y2 + bulge)}, {Number(x2)} {Number(y2)}"),
            new XAttribute("fill", "none"), new XAttribute("stroke", Stroke), new XAttribute("stroke-width", "1.5"),
            new XAttribute("marker-end", "url(#arrow)"));
    }

    /// <summary>The point at parameter t of the cubic curve <see cref="Edge"/> draws.</summary>
    static (double x, double y) PointOnEdge(double x1, double y1, double x2, double y2, double t)
    {
        // Control points share the end points' heights, so y follows the smoothstep 3t² − 2t³.
        var bend = (x2 - x1) / 2;
        var u = 1 - t;
        var x = u * u * u * x1 + 3 * u * u * t * (x1 + bend) + 3 * u * t * t * (x2 - bend) + t * t * t * x2;
        return (x, y1 + (y2 - y1) * (3 * t * t - 2 * t * t * t));
    }

    static IEnumerable<XElement> EdgeLabels(double x, double y, double value, double? gradient, int digits)
    {
        yield return Text(x, y - 7, NumberText.Format(value, digits), ValueColour, 14, "middle", halo: true, cssClass: "value");
        if (gradient is { } g)
            yield return Text(x, y + 19, NumberText.Format(g, digits), GradientColour, 14, "middle", halo: true, cssClass: "gradient");
    }

    static XElement Text(double x, double y, string text, string colour, double size, string anchor,
        bool bold = false, bool halo = false, string? cssClass = null) => SvgFrame.Text(x, y, text, colour, size, anchor, bold, halo, cssClass);

    static double BoxWidth(GraphNode node) => Math.Max(80, 9 * node.Name.Length + 24);

    static string Number(double value) => SvgFrame.Number(value);
}
