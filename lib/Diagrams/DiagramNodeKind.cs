namespace Backprop.Diagrams;

/// <summary>How a node of a <see cref="LayerDiagram"/> is drawn.</summary>
public enum DiagramNodeKind
{
    /// <summary>A variable (a matrix such as X or W): a grey rounded box with its name.</summary>
    Variable,

    /// <summary>An operation such as dot or +: a circle with its symbol.</summary>
    Operation,

    /// <summary>A whole layer such as Softmax: a wide tinted box.</summary>
    Layer,

    /// <summary>Where an outgoing edge ends: not drawn.</summary>
    End,
}
