namespace Backprop.Checks;

/// <summary>
/// What lesson 8's checks need from a learner's own autograd node: its value, its gradient, the values it was
/// computed from, and the local backward its operation set (which adds this node's share to its inputs' gradients).
/// </summary>
public interface IAutogradNode
{
    /// <summary>The forward value.</summary>
    double Data { get; }

    /// <summary>∂output/∂this node, accumulated by the local backwards of the nodes that use it.</summary>
    double Grad { get; set; }

    /// <summary>The nodes this one was computed from (empty for a given value).</summary>
    IReadOnlyList<IAutogradNode> Inputs { get; }

    /// <summary>Adds local derivative × <see cref="Grad"/> to each input's gradient; does nothing for a given value.</summary>
    Action LocalBackward { get; }
}
