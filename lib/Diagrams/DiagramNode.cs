namespace Backprop.Diagrams;

/// <summary>One node of a <see cref="LayerDiagram"/>, placed on its grid by column and row (fractions allowed).</summary>
public sealed class DiagramNode
{
    internal DiagramNode(LayerDiagram diagram, string label, DiagramNodeKind kind, double column, double row)
    {
        Diagram = diagram;
        Label = label;
        Kind = kind;
        Column = column;
        Row = row;
    }

    /// <summary>The text drawn in the node (empty for an end point).</summary>
    public string Label { get; }

    /// <summary>How the node is drawn.</summary>
    public DiagramNodeKind Kind { get; }

    /// <summary>Horizontal grid position, 0 at the left.</summary>
    public double Column { get; }

    /// <summary>Vertical grid position, 0 at the top.</summary>
    public double Row { get; }

    internal LayerDiagram Diagram { get; }

    /// <summary>The node's label.</summary>
    public override string ToString() => Label;
}
