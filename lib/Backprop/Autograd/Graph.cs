namespace Backprop.Autograd;

/// <summary>
/// The topological sort that both autograd engines walk backwards: <see cref="Value"/> (numbers) and <see cref="Tensor"/>
/// (matrices) record the same kind of graph, so they share one sort.
/// </summary>
internal static class Graph
{
    /// <summary>
    /// Every node <paramref name="root"/> depends on, itself included, each exactly once and after all of its inputs: the
    /// order of the forward pass. Iterative, so a graph millions of operations deep does not overflow the call stack.
    /// </summary>
    public static List<T> TopologicalOrder<T>(T root, Func<T, IReadOnlyList<T>> inputsOf) where T : class
    {
        var order = new List<T>();
        var visited = new HashSet<T>(ReferenceEqualityComparer.Instance);
        // Each frame is a node and how many of its inputs have been visited; a node is emitted when all have.
        var stack = new Stack<(T node, int next)>();
        visited.Add(root);
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            var inputs = inputsOf(node);
            if (next < inputs.Count)
            {
                stack.Push((node, next + 1));
                var input = inputs[next];
                if (visited.Add(input)) stack.Push((input, 0));
            }
            else
            {
                order.Add(node);
            }
        }
        return order;
    }
}
