using Backprop.Autograd;
using Backprop.Gradients;

namespace Backprop.Checks;

/// <summary>
/// The checks' own backward pass and gradient error over a learner's <see cref="IAutogradNode"/>s, so that an
/// exercise can be graded without the learner's other exercises. The order comes from the library's
/// <see cref="Value.TopologicalOrder"/> and the differences from <see cref="NumericalGradient"/>: the checks sort and
/// differentiate the way the library does, never with copies of their own.
/// </summary>
internal static class AutogradReference
{
    /// <summary>Every node <paramref name="root"/> depends on, each after its inputs, by the library's topological order.</summary>
    public static List<IAutogradNode> Order(IAutogradNode root)
    {
        // One library Value stands for each learner node reached from the root. A Value keeps the input list it is given,
        // so each list is filled once every node has its Value: making the copy needs no order of its own.
        var copies = new Dictionary<IAutogradNode, (Value Copy, List<Value> Inputs)>(ReferenceEqualityComparer.Instance);
        var nodes = new Dictionary<Value, IAutogradNode>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<IAutogradNode>([root]);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (copies.ContainsKey(node)) continue;
            List<Value> inputs = [];
            var copy = new Value(node.Data, "", inputs, _ => { });
            copies[node] = (copy, inputs);
            nodes[copy] = node;
            foreach (var input in node.Inputs) pending.Push(input);
        }
        foreach (var (node, (_, inputs)) in copies) inputs.AddRange(node.Inputs.Select(input => copies[input].Copy));
        var top = copies[root].Copy;
        if (!ReferenceEquals(top.Inputs, copies[root].Inputs))
            throw new InvalidOperationException("Value no longer keeps the input list it is given; AutogradReference.Order must copy the graph another way.");
        return [.. top.TopologicalOrder().Select(value => nodes[value])];
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

    /// <summary>Central differences of f's forward value, h = 1e-5, by the library's <see cref="NumericalGradient"/>.</summary>
    public static double[] Numerical<T>(Func<T[], T> f, double[] at, Func<double, T> constant) where T : class, IAutogradNode =>
        NumericalGradient.Of(x => f([.. x.Select(constant)]).Data, (double[])at.Clone(), 1e-5);

    /// <summary>The one-sided difference (f(x + h) − f(x)) / h with h = 1e-4: what a learner's mistaken GradientError measures.</summary>
    public static double[] OneSided<T>(Func<T[], T> f, double[] at, Func<double, T> constant) where T : class, IAutogradNode
    {
        const double H = 1e-4;
        double F(double[] x) => f([.. x.Select(constant)]).Data;
        return [.. at.Select((_, i) =>
        {
            var plus = (double[])at.Clone();
            plus[i] += H;
            return (F(plus) - F(at)) / H;
        })];
    }
}
