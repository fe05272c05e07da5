using Backprop.Autograd;
using Backprop.Formatting;

namespace Backprop.Diagrams;

/// <summary>
/// A computational graph drawn like the book's figures: nodes on a grid, each arrow labelled with what flows forward
/// (above, blue) and backward (below, red). It computes nothing. <see cref="Of(Value, string, bool, int)"/> draws the
/// graph that running code recorded in autograd <see cref="Value"/>s, with each value and gradient on its edge;
/// <see cref="Of(Tensor, string, bool, int, int)"/> the one recorded in <see cref="Tensor"/>s, with each matrix's shape on
/// its edge; a notebook places the matrix graphs of Affine and Softmax-with-Loss itself, labels and all.
/// </summary>
/// <example>
/// <code>
/// var d = new Diagram("Affine");
/// var x = d.Variable("X", 0, 0); var w = d.Variable("W", 0, 1); var dot = d.Operation("dot", 1, 0.5);
/// d.Edge(x, dot, "X (N, 2)", "∂L/∂X = ∂L/∂Y · Wᵀ (N, 2)");
/// </code>
/// </example>
[TypeFormatterSource(typeof(HtmlFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class Diagram : IHtmlFormattable
{
    readonly List<DiagramNode> nodes = [];
    readonly List<DiagramEdge> edges = [];

    /// <summary>An empty diagram with a caption and the horizontal distance between grid columns, in pixels.</summary>
    public Diagram(string title, double columnWidth = 210)
    {
        Title = title ?? throw new ArgumentNullException(nameof(title));
        if (!(columnWidth >= 60 && double.IsFinite(columnWidth)))
            throw new ArgumentOutOfRangeException(nameof(columnWidth), columnWidth, "A column must be at least 60 pixels wide.");
        ColumnWidth = columnWidth;
    }

    /// <summary>
    /// The graph of every value <paramref name="output"/> depends on, laid out left to right: given values as boxes named
    /// by their <see cref="Value.Label"/> (or numbered), operations as circles with their symbol and name. Each edge shows
    /// the value it carries and, with <paramref name="withGradients"/>, the gradient flowing back along it, from the
    /// <see cref="Value.Grad"/>s as they stand — set by <see cref="Value.Backward"/> or by hand. A value used on several
    /// edges shows under it how their gradients add up to its own. Numbers have <paramref name="significantDigits"/>
    /// significant digits (1 to 15; the values themselves are not rounded).
    /// </summary>
    public static Diagram Of(Value output, string title, bool withGradients = true, int significantDigits = 10)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(significantDigits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(significantDigits, 15);
        return ValueLayout.Draw(output, new Diagram(title, ValueLayout.ColumnWidth), withGradients, significantDigits);
    }

    /// <summary>
    /// The graph of every tensor <paramref name="output"/> depends on, as the running code recorded it: one circle per
    /// operation with its <see cref="Tensor.Op"/> (a reduction's axis under it), given tensors as boxes named by their
    /// <see cref="Tensor.Label"/> (an unnamed 1×1 one by its number, others numbered), and on each edge the
    /// <b>shape</b> of the tensor it carries, e.g. 32×784 — a matrix has too many numbers to write on an arrow. With
    /// <paramref name="withGradients"/>, under each edge the largest |entry| of that tensor's <see cref="Tensor.Grad"/> as
    /// it stands (after <see cref="Tensor.Backward()"/>); a tensor used several times shows its whole gradient, the sum
    /// of the shares, on each of its edges. A long graph is folded into bands of <paramref name="columnsPerBand"/>
    /// columns of operations, read like lines of text: an edge that continues in the next band ends in a lettered
    /// connector (A, B, …) and starts again from the same letter at the band's left.
    /// </summary>
    /// <example><code>Diagram.Of(steps.Loss, "The network's loss, as recorded")</code></example>
    public static Diagram Of(Tensor output, string title, bool withGradients = false, int columnsPerBand = 7, int significantDigits = 3)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(columnsPerBand, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(significantDigits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(significantDigits, 15);
        return TensorLayout.Draw(output, new Diagram(title, TensorLayout.ColumnWidth), withGradients, columnsPerBand, significantDigits);
    }

    /// <summary>The caption drawn above the diagram.</summary>
    public string Title { get; }

    /// <summary>Horizontal distance between grid columns, in pixels.</summary>
    public double ColumnWidth { get; }

    /// <summary>The key to the blue labels, drawn under the title: "forward (value)" unless a layout says otherwise.</summary>
    internal string ForwardLegend { get; set; } = "forward (value)";

    /// <summary>The key to the red labels, or null when the diagram has none to explain.</summary>
    internal string? BackwardLegend { get; set; } = "backward (gradient)";

    /// <summary>The nodes in the order they were added.</summary>
    public IReadOnlyList<DiagramNode> Nodes => nodes;

    /// <summary>The arrows in the order they were added.</summary>
    public IReadOnlyList<DiagramEdge> Edges => edges;

    /// <summary>Adds a variable (a box, e.g. a matrix X or a given number) at the given grid position.</summary>
    public DiagramNode Variable(string label, double column, double row) => AddNode(label, DiagramNodeKind.Variable, column, row);

    /// <summary>Adds an operation (a circle with a short symbol such as "dot", "+" or "exp"), optionally named under it.</summary>
    public DiagramNode Operation(string symbol, double column, double row, string? caption = null) =>
        AddNode(symbol, DiagramNodeKind.Operation, column, row, caption);

    /// <summary>Adds a whole layer (a wide box such as "Softmax").</summary>
    public DiagramNode Layer(string label, double column, double row) => AddNode(label, DiagramNodeKind.Layer, column, row);

    /// <summary>Adds an invisible end point for an arrow that leaves the diagram (a layer's output).</summary>
    public DiagramNode End(double column, double row) => AddNode("", DiagramNodeKind.End, column, row);

    /// <summary>Adds an arrow from <paramref name="from"/> to <paramref name="to"/>, which must lie further right.</summary>
    public DiagramEdge Edge(DiagramNode from, DiagramNode to, string forward, string? backward = null)
    {
        RequireOwn(from, nameof(from));
        RequireOwn(to, nameof(to));
        ArgumentNullException.ThrowIfNull(forward);
        if (to.Column <= from.Column)
            throw new ArgumentException(
                $"Diagram '{Title}': an arrow runs left to right, but '{to.Label}' (column {to.Column}) is not right of '{from.Label}' (column {from.Column}).", nameof(to));
        var edge = new DiagramEdge(from, to, forward, backward);
        edges.Add(edge);
        return edge;
    }

    /// <summary>The diagram as a standalone SVG document.</summary>
    public string ToSvg() => DiagramSvg.Render(this);

    /// <inheritdoc />
    public string ToHtml() => $"<div class=\"diagram\" style=\"overflow-x:auto\">{ToSvg()}</div>";

    /// <summary>A text listing: one line per arrow with its forward and backward labels, then any node's note.</summary>
    public override string ToString() =>
        Title + Environment.NewLine
        + string.Concat(edges.Select(e =>
            $"  {Name(e.From)} → {Name(e.To)}: {e.Forward}{(e.Backward is null ? "" : $" | back: {e.Backward}")}{Environment.NewLine}"))
        + string.Concat(nodes.Where(n => n.Note is not null).Select(n => $"  {Name(n)}: {n.Note}{Environment.NewLine}"));

    static string Name(DiagramNode node) => node.Kind == DiagramNodeKind.End ? "(out)" : node.Caption ?? node.Label;

    DiagramNode AddNode(string label, DiagramNodeKind kind, double column, double row, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (kind != DiagramNodeKind.End && string.IsNullOrWhiteSpace(label))
            throw new ArgumentException($"Every drawn node of diagram '{Title}' needs a label.", nameof(label));
        if (!(column >= 0 && double.IsFinite(column)))
            throw new ArgumentOutOfRangeException(nameof(column), column, "Columns count from 0 at the left.");
        if (!(row >= 0 && double.IsFinite(row)))
            throw new ArgumentOutOfRangeException(nameof(row), row, "Rows count from 0 at the top.");
        var node = new DiagramNode(this, label, kind, column, row, caption);
        nodes.Add(node);
        return node;
    }

    void RequireOwn(DiagramNode node, string argument)
    {
        ArgumentNullException.ThrowIfNull(node, argument);
        if (!ReferenceEquals(node.Diagram, this))
            throw new ArgumentException($"Node '{node.Label}' belongs to diagram '{node.Diagram.Title}', not to '{Title}'.", argument);
    }
}
