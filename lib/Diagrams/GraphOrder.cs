namespace Backprop.Diagrams;

/// <summary>Orders the nodes a backward pass visits: each node before every node it reads.</summary>
internal static class GraphOrder
{
    /// <summary>
    /// The nodes <paramref name="output"/> depends on (itself included), output first and inputs last.
    /// Throws when the nodes form a cycle, naming the nodes on it.
    /// </summary>
    public static IReadOnlyList<GraphNode> ReverseTopological(GraphNode output)
    {
        var order = new List<GraphNode>();
        var state = new Dictionary<GraphNode, bool>();   // false: on the current path, true: done
        var path = new List<GraphNode>();

        void Visit(GraphNode node)
        {
            if (state.TryGetValue(node, out var done))
            {
                if (done) return;
                var cycle = path.Skip(path.IndexOf(node)).Append(node).Select(n => n.Name);
                throw new InvalidOperationException($"The computation graph has a cycle: {string.Join(" → ", cycle)}; backpropagation needs an acyclic graph.");
            }
            state[node] = false;
            path.Add(node);
            foreach (var input in node.Inputs) Visit(input);
            path.RemoveAt(path.Count - 1);
            state[node] = true;
            order.Add(node);
        }

        Visit(output);
        order.Reverse();
        return order;
    }
}
