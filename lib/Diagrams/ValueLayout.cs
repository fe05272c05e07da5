using Backprop.Autograd;

namespace Backprop.Diagrams;

/// <summary>
/// Lays out the graph recorded in <see cref="Value"/>s as a <see cref="Diagram"/>, like the book's figures 5-16 ff.: given
/// values on the left, each operation one column right of its furthest operand, the result's edge leaving on the right.
/// </summary>
internal static class ValueLayout
{
    public const double ColumnWidth = 190;

    public static Diagram Draw(Value output, Diagram diagram, bool withGradients, int digits)
    {
        var order = output.TopologicalOrder();
        var names = Names(order, v => v.Label);
        var column = Columns(order, v => v.Inputs);
        var row = Rows(order, column, v => v.Inputs);
        var nodes = new Dictionary<Value, DiagramNode>(ReferenceEqualityComparer.Instance);
        foreach (var value in order)
            nodes[value] = value.Inputs.Count == 0
                ? diagram.Variable(names[value], column[value], row[value])
                : diagram.Operation(value.Op.Length > 0 ? value.Op : "?", column[value], row[value], caption: names[value]);

        // How many edges leave each value: one edge per use, so a + a counts twice.
        var uses = new Dictionary<Value, int>(ReferenceEqualityComparer.Instance);
        foreach (var value in order)
            foreach (var input in value.Inputs) uses[input] = uses.GetValueOrDefault(input) + 1;
        var shares = new Dictionary<Value, List<double>>(ReferenceEqualityComparer.Instance);
        string Text(double number) => NumberText.Format(number, digits);

        foreach (var consumer in order)
        {
            if (consumer.Inputs.Count == 0) continue;
            var perEdge = withGradients ? consumer.InputShares() : null;
            for (var i = 0; i < consumer.Inputs.Count; i++)
            {
                var input = consumer.Inputs[i];
                string? backward = null;
                if (perEdge is not null)
                {
                    // A value with one edge: its gradient is what flows along it. Several edges: each carries its consumer's share.
                    backward = Text(uses[input] == 1 ? input.Grad : perEdge[i]);
                    if (!shares.TryGetValue(input, out var list)) shares[input] = list = [];
                    list.Add(perEdge[i]);
                }
                diagram.Edge(nodes[input], nodes[consumer], Text(input.Data), backward);
            }
        }
        // The result's own edge carries its value and the gradient the backward pass starts from.
        var end = diagram.End(column[output] + 0.7, row[output]);
        diagram.Edge(nodes[output], end, Text(output.Data), withGradients ? Text(output.Grad) : null);

        if (withGradients)
            foreach (var (value, parts) in shares)
                if (parts.Count > 1)
                    nodes[value].Note = string.Join(" + ", parts.Select(Text)) + " = " + Text(value.Grad);
        return diagram;
    }

    // The layout below is shared with TensorLayout: a Value and a Tensor record the same kind of graph.

    /// <summary>Each node's label, or "#1", "#2", … for unlabelled nodes and repeated labels.</summary>
    internal static Dictionary<T, string> Names<T>(IReadOnlyList<T> order, Func<T, string> labelOf) where T : class
    {
        var taken = new HashSet<string>(order.Select(labelOf).Where(l => l.Length > 0));
        var used = new HashSet<string>();
        var names = new Dictionary<T, string>(ReferenceEqualityComparer.Instance);
        var unnamed = 0;
        foreach (var value in order)
        {
            var name = labelOf(value);
            if (name.Length == 0 || used.Contains(name))
                do name = $"#{++unnamed}"; while (taken.Contains(name));
            used.Add(name);
            names[value] = name;
        }
        return names;
    }

    /// <summary>Column of each value: operations one right of their furthest operation input, given values just left of their first consumer.</summary>
    internal static Dictionary<T, int> Columns<T>(IReadOnlyList<T> order, Func<T, IReadOnlyList<T>> inputsOf) where T : class
    {
        var column = new Dictionary<T, int>(ReferenceEqualityComparer.Instance);
        foreach (var value in order.Where(v => inputsOf(v).Count > 0))
            column[value] = 1 + inputsOf(value).Where(i => inputsOf(i).Count > 0).Select(i => column[i]).DefaultIfEmpty(0).Max();
        foreach (var value in order.Where(v => inputsOf(v).Count == 0))
            column[value] = order.Where(v => inputsOf(v).Contains(value)).Select(v => column[v] - 1).DefaultIfEmpty(0).Min();
        return column;
    }

    /// <summary>
    /// Row of each value: first-column values stacked in the order they were made, an operation at the mean height of its
    /// inputs, a late given value (like the tax) below its column's other nodes.
    /// </summary>
    internal static Dictionary<T, double> Rows<T>(IReadOnlyList<T> order, Dictionary<T, int> column, Func<T, IReadOnlyList<T>> inputsOf)
        where T : class
    {
        var row = new Dictionary<T, double>(ReferenceEqualityComparer.Instance);
        foreach (var layer in order.GroupBy(v => column[v]).OrderBy(g => g.Key))
        {
            var wanted = layer
                .Select(v => (value: v, y: inputsOf(v).Count > 0 ? inputsOf(v).Average(i => row[i])
                    : layer.Key == 0 ? double.NegativeInfinity : double.PositiveInfinity))
                .OrderBy(p => p.y)   // stable: ties keep the order the values were made
                .ToList();
            var previous = double.NegativeInfinity;
            foreach (var (value, y) in wanted)
            {
                var placed = double.IsInfinity(y) ? previous + 1 : Math.Max(y, previous + 1);
                if (double.IsNegativeInfinity(placed)) placed = 0;
                row[value] = placed;
                previous = placed;
            }
        }
        var top = row.Values.Min();
        foreach (var value in row.Keys.ToList()) row[value] -= top;
        return row;
    }
}
