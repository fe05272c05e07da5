namespace Backprop.Diagrams;

/// <summary>
/// One node of a <see cref="ComputationGraph"/>: its forward value and, once known, the gradient of the
/// graph's output with respect to it.
/// </summary>
public sealed class GraphNode
{
    internal GraphNode(ComputationGraph graph, string name, GraphNodeKind kind, double value, IReadOnlyList<GraphNode> inputs,
        string? symbol = null)
    {
        OperationSymbol = symbol;
        Graph = graph;
        Name = name;
        Kind = kind;
        Value = value;
        Inputs = inputs;
    }

    /// <summary>The name shown in the diagram, unique within its graph.</summary>
    public string Name { get; }

    /// <summary>An input value or the operation that produced this node.</summary>
    public GraphNodeKind Kind { get; }

    /// <summary>The nodes this operation reads (empty for an input).</summary>
    public IReadOnlyList<GraphNode> Inputs { get; internal set; }

    /// <summary>The forward value.</summary>
    public double Value { get; }

    /// <summary>∂output/∂this node, or null before a backward pass reached it.</summary>
    public double? Gradient { get; internal set; }

    internal ComputationGraph Graph { get; }

    internal string? OperationSymbol { get; }

    internal string Symbol => Kind switch
    {
        GraphNodeKind.Multiply => "×",
        GraphNodeKind.Add => "+",
        GraphNodeKind.Exp => "exp",
        GraphNodeKind.Reciprocal => "/",
        GraphNodeKind.Operation => OperationSymbol ?? "?",
        _ => "",
    };

    /// <summary>The node's name.</summary>
    public override string ToString() => Name;
}
