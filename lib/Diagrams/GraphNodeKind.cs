namespace Backprop.Diagrams;

/// <summary>What a node of a <see cref="ComputationGraph"/> is: a given value or an operation on one or two nodes.</summary>
public enum GraphNodeKind
{
    /// <summary>A value given from outside (a price, a count, a tax rate).</summary>
    Input,

    /// <summary>The product of two nodes; backward hands each input the upstream gradient times the other input.</summary>
    Multiply,

    /// <summary>The sum of two nodes; backward passes the upstream gradient to both inputs unchanged.</summary>
    Add,

    /// <summary>e to the power of one node; backward multiplies the upstream gradient by that same power.</summary>
    Exp,

    /// <summary>1 divided by one node (the book's "/" node); backward multiplies the upstream gradient by −1/x² = −y².</summary>
    Reciprocal,
    /// <summary>
    /// Any other operation (tanh, a power, …), drawn with its own symbol; its gradients are set from outside
    /// (<see cref="ComputationGraph.SetGradient"/>), e.g. by an autograd <c>Value</c> graph converted to a diagram.
    /// </summary>
    Operation,
}
