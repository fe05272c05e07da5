namespace Backprop.Diagrams;

/// <summary>How a node of a <see cref="Diagram"/> is drawn.</summary>
public enum DiagramNodeKind
{
    /// <summary>A variable (a matrix such as X or W, or a given number): a grey rounded box with its name.</summary>
    Variable,

    /// <summary>An operation such as dot, + or exp: a circle with its symbol (and a caption under it, if given).</summary>
    Operation,

    /// <summary>A whole layer such as Softmax: a wide tinted box.</summary>
    Layer,

    /// <summary>Where an outgoing edge ends: not drawn.</summary>
    End,
}
