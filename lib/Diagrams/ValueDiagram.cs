using Backprop.Autograd;

namespace Backprop.Diagrams;

/// <summary>
/// Draws the graph that running code recorded in autograd <see cref="Value"/>s as a <see cref="ComputationGraph"/>:
/// the same picture as lessons 1–2, with each edge's value above it and, after <see cref="Value.Backward"/>, its
/// gradient below it.
/// </summary>
public static class ValueDiagram
{
    /// <summary>
    /// The diagram of every value <paramref name="output"/> depends on. Nodes are named by their
    /// <see cref="Value.Label"/>, or numbered when they have none; + and × become the diagram's own nodes, other
    /// operations (tanh, ^2, exp, …) circles with their symbol. With <paramref name="withGradients"/> each node shows
    /// its <see cref="Value.Grad"/> as it stands (run <see cref="Value.Backward"/> first). Numbers are drawn with
    /// <paramref name="significantDigits"/> significant digits.
    /// </summary>
    public static ComputationGraph From(Value output, string title, bool withGradients = true, int significantDigits = 10)
    {
        ArgumentNullException.ThrowIfNull(output);
        var graph = new ComputationGraph(title) { Digits = significantDigits };
        var nodes = new Dictionary<Value, GraphNode>(ReferenceEqualityComparer.Instance);
        var taken = new HashSet<string>(output.TopologicalOrder().Select(v => v.Label).Where(l => l.Length > 0));
        var unnamed = 0;
        string NameOf(Value v)
        {
            if (v.Label.Length > 0 && !graph.Nodes.Any(n => n.Name == v.Label)) return v.Label;
            string name;
            do name = $"#{++unnamed}"; while (taken.Contains(name));
            return name;
        }

        foreach (var value in output.TopologicalOrder())
        {
            var inputs = value.Inputs.Select(i => nodes[i]).ToArray();
            var name = NameOf(value);
            nodes[value] = (value.Op, inputs.Length) switch
            {
                ("", 0) => graph.Input(name, value.Data),
                ("+", 2) => graph.Add(inputs[0], inputs[1], name),
                ("×", 2) => graph.Multiply(inputs[0], inputs[1], name),
                _ when inputs.Length == 0 => graph.Input(name, value.Data),
                _ => graph.Operation(value.Op, name, value.Data, inputs),
            };
        }
        if (withGradients)
            foreach (var (value, node) in nodes) graph.SetGradient(node, value.Grad);
        return graph;
    }
}
