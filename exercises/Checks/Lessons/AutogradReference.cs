namespace Backprop.Checks;

/// <summary>
/// The checks' own backward pass and gradient error over a learner's <see cref="IAutogradNode"/>s, so that an
/// exercise can be graded without the learner's other exercises.
/// </summary>
internal static class AutogradReference
{
    /// <summary>Every node <paramref name="root"/> depends on, each after its inputs (iterative depth-first search).</summary>
    public static List<IAutogradNode> Order(IAutogradNode root)
    {
        var order = new List<IAutogradNode>();
        var visited = new HashSet<IAutogradNode>(ReferenceEqualityComparer.Instance) { root };
        var stack = new Stack<(IAutogradNode node, int next)>();
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            if (next < node.Inputs.Count)
            {
                stack.Push((node, next + 1));
                if (visited.Add(node.Inputs[next])) stack.Push((node.Inputs[next], 0));
            }
            else order.Add(node);
        }
        return order;
    }

    /// <summary>Clears the graph's gradients, sets ∂root/∂root = 1 and runs the local backwards in reverse order.</summary>
    public static void Backward(IAutogradNode root)
    {
        var order = Order(root);
        foreach (var node in order) node.Grad = 0;
        root.Grad = 1;
        for (var i = order.Count - 1; i >= 0; i--) order[i].LocalBackward?.Invoke();
    }

    /// <summary>Backprop's gradient of f at <paramref name="at"/>, one entry per input.</summary>
    public static double[] Analytic<T>(Func<T[], T> f, double[] at, Func<double, T> constant) where T : class, IAutogradNode
    {
        var inputs = at.Select(constant).ToArray();
        Backward(f(inputs));
        return inputs.Select(x => x.Grad).ToArray();
    }

    /// <summary>Central differences of f's forward value, h = 1e-5.</summary>
    public static double[] Numerical<T>(Func<T[], T> f, double[] at, Func<double, T> constant, double h = 1e-5, bool oneSided = false)
        where T : class, IAutogradNode
    {
        double F(double[] x) => f(x.Select(constant).ToArray()).Data;
        return at.Select((_, i) =>
        {
            var plus = (double[])at.Clone(); plus[i] += h;
            var minus = (double[])at.Clone(); if (!oneSided) minus[i] -= h;
            return (F(plus) - F(minus)) / (oneSided ? h : 2 * h);
        }).ToArray();
    }
}
