namespace Backprop.Diagrams;

/// <summary>An arrow of a <see cref="Diagram"/> with what flows forward (above) and backward (below) along it.</summary>
/// <param name="From">Where the arrow starts.</param>
/// <param name="To">Where it points.</param>
/// <param name="Forward">The forward label, e.g. "X (N, 2)".</param>
/// <param name="Backward">The backward label, e.g. "∂L/∂X (N, 2)", or null when the diagram shows only the forward pass.</param>
public sealed record DiagramEdge(DiagramNode From, DiagramNode To, string Forward, string? Backward);
