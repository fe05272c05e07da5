using System.Text;
using Backprop.Formatting;

namespace Backprop.Diagrams;

/// <summary>
/// A small computation graph of scalars, like the shopping examples of chapter 5: inputs, × and + nodes,
/// forward values computed as nodes are added, and gradients filled by <see cref="Backward"/> (or set from
/// layers computed elsewhere with <see cref="SetGradient"/>). In a notebook it draws itself as a diagram with
/// each edge's value above it and its gradient below it.
/// </summary>
/// <example>
/// <code>
/// var g = new ComputationGraph("Buying apples");
/// var apple = g.Input("apple", 100); var n = g.Input("apple_num", 2); var tax = g.Input("tax", 1.1);
/// var price = g.Multiply(g.Multiply(apple, n, "apple_price"), tax, "price");
/// g.Backward(price);   // apple.Gradient is 2.2, n.Gradient 110, tax.Gradient 200
/// </code>
/// </example>
[TypeFormatterSource(typeof(HtmlFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class ComputationGraph(string title) : IHtmlFormattable
{
    readonly List<GraphNode> nodes = [];

    /// <summary>The caption drawn above the diagram.</summary>
    public string Title { get; } = title ?? throw new ArgumentNullException(nameof(title));

    /// <summary>
    /// Significant digits of the numbers in the diagram (1 to 15; default 10, which shows 2 · 100 · 1.1 as 220). Fewer
    /// keep a graph of irrational values such as the sigmoid's readable; the values themselves are not rounded.
    /// </summary>
    public int Digits
    {
        get => digits;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 15);
            digits = value;
        }
    }

    int digits = 10;

    /// <summary>The nodes in the order they were added (every node after its inputs).</summary>
    public IReadOnlyList<GraphNode> Nodes => nodes;

    /// <summary>Adds a given value.</summary>
    public GraphNode Input(string name, double value) => AddNode(name, GraphNodeKind.Input, value, []);

    /// <summary>Adds the node <paramref name="a"/> × <paramref name="b"/>.</summary>
    public GraphNode Multiply(GraphNode a, GraphNode b, string name)
    {
        RequireOwn(a, nameof(a), name);
        RequireOwn(b, nameof(b), name);
        return AddNode(name, GraphNodeKind.Multiply, a.Value * b.Value, [a, b]);
    }

    /// <summary>Adds the node <paramref name="a"/> + <paramref name="b"/>.</summary>
    public GraphNode Add(GraphNode a, GraphNode b, string name)
    {
        RequireOwn(a, nameof(a), name);
        RequireOwn(b, nameof(b), name);
        return AddNode(name, GraphNodeKind.Add, a.Value + b.Value, [a, b]);
    }

    /// <summary>Adds the node e^<paramref name="a"/>.</summary>
    public GraphNode Exp(GraphNode a, string name)
    {
        RequireOwn(a, nameof(a), name);
        return AddNode(name, GraphNodeKind.Exp, Math.Exp(a.Value), [a]);
    }

    /// <summary>Adds the node 1 / <paramref name="a"/> (the book's "/" node of the sigmoid graph).</summary>
    public GraphNode Reciprocal(GraphNode a, string name)
    {
        RequireOwn(a, nameof(a), name);
        return AddNode(name, GraphNodeKind.Reciprocal, 1 / a.Value, [a]);
    }

    /// <summary>The node called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">The graph has no node of that name.</exception>
    public GraphNode this[string name] =>
        nodes.FirstOrDefault(n => n.Name == name)
        ?? throw new KeyNotFoundException($"Graph '{Title}' has no node named '{name}'; it has {string.Join(", ", nodes.Select(n => n.Name))}.");

    /// <summary>
    /// Adds an operation other than × and + (e.g. "tanh" or "^2") on one or more nodes, with its forward value
    /// computed elsewhere. Its local derivatives are not known here: <see cref="Backward"/> cannot pass through it, so
    /// set the gradients with <see cref="SetGradient"/>.
    /// </summary>
    public GraphNode Operation(string symbol, string name, double value, params GraphNode[] inputs)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Length == 0) throw new ArgumentException($"Operation '{name}' needs at least one input.", nameof(inputs));
        foreach (var input in inputs) RequireOwn(input, nameof(inputs), name);
        return AddNode(name, GraphNodeKind.Operation, value, [.. inputs], symbol);
    }

    /// <summary>
    /// Backpropagates <paramref name="gradient"/> (∂L/∂output, 1 when the output is the quantity itself) from
    /// <paramref name="output"/> to every node it depends on, in reverse topological order, by the local rules:
    /// × hands each input the upstream gradient times the other input, + passes it through, exp multiplies by its
    /// output, "/" by −(its output)². A node that feeds
    /// several operations receives the sum of their contributions. Earlier gradients are cleared first.
    /// </summary>
    public void Backward(GraphNode output, double gradient = 1.0)
    {
        RequireOwn(output, nameof(output), "Backward");
        foreach (var node in nodes) node.Gradient = null;
        output.Gradient = gradient;
        foreach (var node in GraphOrder.ReverseTopological(output))
        {
            if (node.Gradient is not { } upstream) continue;
            for (var i = 0; i < node.Inputs.Count; i++)
            {
                var input = node.Inputs[i];
                var local = LocalDerivative(node, i)
                    ?? throw new InvalidOperationException($"Node '{node.Name}' ({node.Symbol}) has no local derivative here; set its inputs' gradients with SetGradient.");
                input.Gradient = (input.Gradient ?? 0) + upstream * local;
            }
        }
    }

    /// <summary>
    /// Sets a node's gradient computed elsewhere (e.g. by <c>MulLayer.Backward</c>), so the diagram shows it.
    /// </summary>
    public void SetGradient(GraphNode node, double gradient)
    {
        RequireOwn(node, nameof(node), "SetGradient");
        node.Gradient = gradient;
    }

    /// <summary>
    /// The gradient that flows back along the edge from <paramref name="input"/> into <paramref name="consumer"/>:
    /// the consumer's gradient times the local derivative; when the consumer's gradient is unknown, the input's own
    /// gradient if it has no other consumer. Null when not known.
    /// </summary>
    internal double? EdgeGradient(GraphNode input, GraphNode consumer, int inputIndex)
    {
        if (consumer.Gradient is { } upstream && LocalDerivative(consumer, inputIndex) is { } local) return upstream * local;
        return nodes.Count(n => n.Inputs.Contains(input)) == 1 ? input.Gradient : null;
    }

    /// <summary>The diagram as a standalone SVG document.</summary>
    public string ToSvg() => GraphSvgRenderer.Render(this);

    /// <inheritdoc />
    public string ToHtml() => $"<div class=\"computation-graph\" style=\"overflow-x:auto\">{ToSvg()}</div>";

    /// <summary>A text listing: one line per node with its value and gradient.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Title).AppendLine();
        foreach (var node in nodes)
        {
            text.Append("  ").Append(node.Name);
            if (node.Kind is GraphNodeKind.Multiply or GraphNodeKind.Add)
                text.Append(" = ").Append(node.Inputs[0].Name).Append(' ').Append(node.Symbol).Append(' ').Append(node.Inputs[1].Name);
            else if (node.Kind == GraphNodeKind.Exp)
                text.Append(" = exp(").Append(node.Inputs[0].Name).Append(')');
            else if (node.Kind == GraphNodeKind.Reciprocal)
                text.Append(" = 1 / ").Append(node.Inputs[0].Name);
            else if (node.Kind == GraphNodeKind.Operation)
                text.Append(" = ").Append(node.Symbol).Append('(').Append(string.Join(", ", node.Inputs.Select(i => i.Name))).Append(')');
            text.Append(" = ").Append(NumberText.Format(node.Value, digits))
                .Append(", gradient ").Append(node.Gradient is { } g ? NumberText.Format(g, digits) : "not computed")
                .AppendLine();
        }
        return text.ToString();
    }

    static double? LocalDerivative(GraphNode node, int inputIndex) => node.Kind switch
    {
        GraphNodeKind.Multiply => node.Inputs[1 - inputIndex].Value,
        GraphNodeKind.Add => 1.0,
        GraphNodeKind.Exp => node.Value,                  // d eˣ/dx = eˣ, the node's own output
        GraphNodeKind.Reciprocal => -node.Value * node.Value,   // d(1/x)/dx = −1/x² = −y²
        GraphNodeKind.Operation => null,
        _ => throw new InvalidOperationException($"Node '{node.Name}' is an input; it has no local derivative."),
    };

    GraphNode AddNode(string name, GraphNodeKind kind, double value, IReadOnlyList<GraphNode> inputs, string? symbol = null)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException($"Every node of graph '{Title}' needs a name.", nameof(name));
        if (nodes.Any(n => n.Name == name))
            throw new ArgumentException($"Graph '{Title}' already has a node named '{name}'; names must be unique.", nameof(name));
        var node = new GraphNode(this, name, kind, value, inputs, symbol);
        nodes.Add(node);
        return node;
    }

    void RequireOwn(GraphNode node, string argument, string where)
    {
        ArgumentNullException.ThrowIfNull(node, argument);
        if (!ReferenceEquals(node.Graph, this) || !nodes.Contains(node))
            throw new ArgumentException(
                $"Node '{node.Name}' (argument {argument} of '{where}') belongs to graph '{node.Graph.Title}', not to '{Title}'.", argument);
    }
}
