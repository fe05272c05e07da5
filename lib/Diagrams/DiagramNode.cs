namespace Backprop.Diagrams;

/// <summary>One node of a <see cref="Diagram"/>, placed on its grid by column and row (fractions allowed).</summary>
public sealed class DiagramNode
{
    internal DiagramNode(Diagram diagram, string label, DiagramNodeKind kind, double column, double row, string? caption)
    {
        Diagram = diagram;
        Label = label;
        Kind = kind;
        Column = column;
        Row = row;
        Caption = caption;
    }

    /// <summary>The text drawn in the node (empty for an end point).</summary>
    public string Label { get; }

    /// <summary>How the node is drawn.</summary>
    public DiagramNodeKind Kind { get; }

    /// <summary>Horizontal grid position, 0 at the left.</summary>
    public double Column { get; }

    /// <summary>Vertical grid position, 0 at the top.</summary>
    public double Row { get; }

    /// <summary>A name drawn under an operation's circle (e.g. "apple_price"), or null.</summary>
    public string? Caption { get; }

    /// <summary>A remark drawn under the node in the gradient's colour, e.g. "3 + 3 = 6" where gradients add up; or null.</summary>
    public string? Note { get; set; }

    internal Diagram Diagram { get; }

    /// <summary>The node's label.</summary>
    public override string ToString() => Label;
}
