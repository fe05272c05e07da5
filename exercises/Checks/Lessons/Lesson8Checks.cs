namespace Backprop.Checks;

/// <summary>
/// Checks of lesson 8's exercises, on the learner's own minimal autograd node (any class implementing
/// <see cref="IAutogradNode"/>), never on the library's <c>Value</c>.
/// </summary>
public static class Lesson8Checks
{
    private const string Assigned = "assigned (=) instead of accumulated (+=): the input may already hold a share of its gradient from another use; add yours to it";
    private const string Upstream = "the upstream gradient output.Grad is missing: multiply the local derivative by it (chain rule)";

    /// <summary>
    /// EXERCISE 8.1: the local backwards of ×, tanh and a constant power. Each operation's forward is given; its
    /// <see cref="IAutogradNode.LocalBackward"/> must ADD local derivative × output.Grad to each input's Grad. Each
    /// operation is run several times with different inputs, upstream gradients and gradients already present.
    /// </summary>
    public static CheckResult LocalBackwards<T>(Func<double, T> constant, Func<T, T, T> mul, Func<T, T> tanh, Func<T, double, T> pow)
        where T : class, IAutogradNode
    {
        ArgumentNullException.ThrowIfNull(constant);
        ArgumentNullException.ThrowIfNull(mul);
        ArgumentNullException.ThrowIfNull(tanh);
        ArgumentNullException.ThrowIfNull(pow);
        return Exercise.Check("8.1", "Local backwards of ×, tanh and powers", () =>
        {
            foreach (var (a, b, g, pa, pb) in new[] { (2.5, -1.5, 0.7, 0.25, -0.5), (-0.8, 3.0, -1.3, 1.0, 0.0), (4.0, 0.5, 2.0, 0.0, 0.6) })
            {
                var x = constant(a);
                var y = constant(b);
                var output = mul(x, y);
                Expect.Value(output.Data, a * b, $"Mul({a}, {b}).Data", "Mul's forward is given: a.Data * b.Data");
                RunLocalBackward(output, g, "Mul", (x, pa), (y, pb));
                var where = $"(a = {a}, b = {b}, output.Grad = {g}, a.Grad before = {pa}, b.Grad before = {pb})";
                Expect.Value(x.Grad, pa + g * b, $"a.Grad after Mul's local backward {where}", "∂(ab)/∂a = b: add b.Data · output.Grad to a.Grad",
                    new(Assigned, g * b),
                    new("each input receives the OTHER input times output.Grad: a gets b.Data · output.Grad", pa + g * a),
                    new(Upstream, pa + b));
                Expect.Value(y.Grad, pb + g * a, $"b.Grad after Mul's local backward {where}", "∂(ab)/∂b = a: add a.Data · output.Grad to b.Grad",
                    new(Assigned, g * a),
                    new("each input receives the OTHER input times output.Grad: b gets a.Data · output.Grad", pb + g * b),
                    new(Upstream, pb + a));
            }
            {
                var x = constant(-1.5);
                var square = mul(x, x);
                RunLocalBackward(square, 1.0, "Mul", (x, 0.0));
                Expect.Value(x.Grad, -3.0, "a.Grad after the local backward of Mul(a, a) (a = -1.5, output.Grad = 1)",
                    "a is both inputs, so it receives both shares: b·g + a·g = 2a·g",
                    new Mistake<double>(Assigned + " — in a × a the second share overwrote the first", -1.5));
            }

            foreach (var (v, g, p) in new[] { (0.5, 1.0, 0.0), (-1.2, 0.6, 0.4), (2.0, -2.0, 1.5) })
            {
                var x = constant(v);
                var output = tanh(x);
                var t = Math.Tanh(v);
                Expect.Value(output.Data, t, $"Tanh({v}).Data", "Tanh's forward is given: Math.Tanh(x.Data)");
                RunLocalBackward(output, g, "Tanh", (x, p));
                Expect.Value(x.Grad, p + g * (1 - t * t), $"x.Grad after Tanh's local backward (x = {v}, output.Grad = {g}, x.Grad before = {p})",
                    "tanh′ = 1 − y² with y = output.Data: add (1 − y²) · output.Grad to x.Grad",
                    new(Assigned, g * (1 - t * t)),
                    new("use the output y = tanh(x) in 1 − y², not the input x", p + g * (1 - v * v)),
                    new("that is the sigmoid's derivative y(1 − y); tanh′ = 1 − y²", p + g * t * (1 - t)),
                    new("square y: tanh′ = 1 − y², not 1 − y", p + g * (1 - t)),
                    new(Upstream, p + (1 - t * t)));
            }

            foreach (var (v, k, g, p) in new[] { (1.5, 3.0, 1.0, 0.0), (-2.0, 2.0, 0.5, 1.0), (0.8, -1.0, -1.5, 0.2), (2.0, 0.5, 2.0, -0.7) })
            {
                var x = constant(v);
                var output = pow(x, k);
                Expect.Value(output.Data, Math.Pow(v, k), $"Pow({v}, {k}).Data", "Pow's forward is given: Math.Pow(x.Data, k)");
                RunLocalBackward(output, g, "Pow", (x, p));
                var local = k * Math.Pow(v, k - 1);
                Expect.Value(x.Grad, p + g * local, $"x.Grad after Pow's local backward (x = {v}, k = {k}, output.Grad = {g}, x.Grad before = {p})",
                    "d(xᵏ)/dx = k·xᵏ⁻¹: add k · Math.Pow(x.Data, k − 1) · output.Grad to x.Grad",
                    new(Assigned, g * local),
                    new("the exponent drops by one: k·xᵏ⁻¹, not k·xᵏ", p + g * k * Math.Pow(v, k)),
                    new("the factor k is missing: d(xᵏ)/dx = k·xᵏ⁻¹", p + g * Math.Pow(v, k - 1)),
                    new(Upstream, p + local));
            }
        });
    }

    /// <summary>
    /// EXERCISE 8.2: the topological sort. <paramref name="topologicalOrder"/> must return every node the root depends
    /// on (the root included), each exactly once, each after all of its inputs, and nothing else. Graded on a chain,
    /// a + a, a diamond with an unused branch, the shopping bill, lesson 1's fan-out graph, a random graph and a
    /// chain 1,000 deep. <paramref name="node"/> makes a node from a value and its inputs.
    /// </summary>
    public static CheckResult TopologicalSort<T>(Func<double, T[], T> node, Func<T, IReadOnlyList<T>> topologicalOrder) where T : class
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(topologicalOrder);
        return Exercise.Check("8.2", "The topological sort", () =>
        {
            foreach (var (name, graph, root) in Graphs(node))
                VerifyOrder(name, graph, root, topologicalOrder(root));
        });
    }

    /// <summary>
    /// EXERCISE 8.3: the accumulation bug. <paramref name="gradientError"/>(f, at, backward) must return the largest
    /// |backprop − central difference| over f's inputs at the point <c>at</c> (backprop by <c>backward</c>);
    /// <paramref name="mended"/> must be the engine's + with its local backward accumulating. <paramref name="buggyPlus"/>,
    /// <paramref name="times"/> and <paramref name="tanh"/> are the given engine's operations.
    /// </summary>
    public static CheckResult AccumulationBug<T>(Func<Func<T[], T>, double[], Action<T>, double> gradientError, Func<T, T, T> mended,
        Func<double, T> constant, Func<T, T, T> buggyPlus, Func<T, T, T> times, Func<T, T> tanh) where T : class, IAutogradNode
    {
        ArgumentNullException.ThrowIfNull(gradientError);
        ArgumentNullException.ThrowIfNull(mended);
        ArgumentNullException.ThrowIfNull(constant);
        ArgumentNullException.ThrowIfNull(buggyPlus);
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(tanh);
        return Exercise.Check("8.3", "The accumulation bug", () =>
        {
            var cases = new (string what, Func<T[], T> f, double[] at)[]
            {
                ("x·x·x at x = 2 (correct operations)", v => times(v[0], times(v[0], v[0])), [2.0]),
                ("tanh(x·y)·x at (0.7, −1.3) (correct operations)", v => times(tanh(times(v[0], v[1])), v[0]), [0.7, -1.3]),
                ("Plus(x, x) at x = 1.5", v => buggyPlus(v[0], v[0]), [1.5]),
                ("Plus(x, y)·y at (2, 3)", v => times(buggyPlus(v[0], v[1]), v[1]), [2.0, 3.0]),
                ("Plus(x, y)·x at (2, 3)", v => times(buggyPlus(v[0], v[1]), v[0]), [2.0, 3.0]),
                ("tanh(Plus(x, x·y))·y at (0.4, −0.9)", v => times(tanh(buggyPlus(v[0], times(v[0], v[1]))), v[1]), [0.4, -0.9]),
            };
            foreach (var (what, f, at) in cases)
            {
                var analytic = AutogradReference.Analytic(f, at, constant);
                var numerical = AutogradReference.Numerical(f, at, constant);
                var difference = analytic.Zip(numerical, (a, n) => a - n).ToArray();
                var expected = difference.Max(Math.Abs);
                var got = gradientError(f, (double[])at.Clone(), n => AutogradReference.Backward(n));
                if (Math.Abs(got - expected) <= 1e-6 + 1e-6 * expected || (expected < 1e-6 && got < 1e-6)) continue;
                var oneSided = analytic.Zip(AutogradReference.OneSided(f, at, constant), (a, n) => Math.Abs(a - n)).Max();
                Mistake<double>[] mistakes =
                [
                    new("that is a one-sided difference (f(x + h) − f(x)) / h; use the central difference (f(x + h) − f(x − h)) / 2h", oneSided),
                    new("take the absolute value of each difference before the maximum", difference.Max()),
                    new("return the largest absolute difference, not their sum", difference.Sum(Math.Abs)),
                    new("backward was not called (every Grad is still 0): call backward on f's output before reading the gradients", numerical.Max(Math.Abs)),
                ];
                var hint = mistakes.FirstOrDefault(m => Expect.Close(got, m.WrongAnswer))?.Hint;
                if (expected < 1e-6)
                    throw new CheckFailedException($"GradientError of {what}", "below 1e-06 (these operations are right)", Expect.Text(got),
                        hint ?? "the operations here are right, so the error must be tiny: use the central difference (f(x + h) − f(x − h)) / 2h with a small h; a one-sided difference leaves an error proportional to h");
                Expect.Value(got, expected, $"GradientError of {what}",
                    "compute backprop's gradient (build the inputs, run f, call backward on its output, read each input's Grad) and the central difference of f's Data, then return the largest absolute difference",
                    mistakes);
            }

            {
                var output = mended(constant(2), constant(3));
                Expect.Value(output.Data, 5, "Mended(2, 3).Data", "Mended is the engine's + : its forward is a.Data + b.Data",
                    new Mistake<double>("Times is not the culprit (GradientError finds it right); the wrong gradients come from Plus: Mended is a + of two nodes", 6));
            }
            foreach (var (a, b, g, pa, pb) in new[] { (2.0, 3.0, 1.5, 0.5, -0.25), (-1.0, 0.5, -0.8, 0.0, 2.0) })
            {
                var x = constant(a);
                var y = constant(b);
                var output = mended(x, y);
                RunLocalBackward(output, g, "Mended", (x, pa), (y, pb));
                var where = $"(output.Grad = {g}, a.Grad before = {pa}, b.Grad before = {pb})";
                Expect.Value(x.Grad, pa + g, $"a.Grad after Mended's local backward {where}", "+ passes output.Grad to each input: a.Grad += output.Grad",
                    new Mistake<double>(Assigned, g));
                Expect.Value(y.Grad, pb + g, $"b.Grad after Mended's local backward {where}", "+ passes output.Grad to each input: b.Grad += output.Grad",
                    new Mistake<double>("b's gradient is still " + Assigned, g));
            }
            {
                var x = constant(1.5);
                AutogradReference.Backward(mended(x, x));
                Expect.Value(x.Grad, 2, "x.Grad after backward of Mended(x, x)", "x is both inputs: it receives output.Grad twice, 1 + 1 = 2",
                    new Mistake<double>(Assigned + " — the second share overwrote the first", 1));
            }
            foreach (var (what, f, at) in new (string, Func<T[], T>, double[])[]
            {
                ("Mended(x, y)·y at (2, 3)", v => times(mended(v[0], v[1]), v[1]), [2.0, 3.0]),
                ("tanh(Mended(x, x·y))·y at (0.4, −0.9)", v => times(tanh(mended(v[0], times(v[0], v[1]))), v[1]), [0.4, -0.9]),
            })
            {
                var error = AutogradReference.Analytic(f, at, constant).Zip(AutogradReference.Numerical(f, at, constant), (p, q) => Math.Abs(p - q)).Max();
                if (error > 1e-6)
                    throw new CheckFailedException($"gradient check of {what} with your Mended", "an error below 1e-06", Expect.Text(error),
                        "every input of the + must receive output.Grad, added to what it already has");
            }
        });
    }

    private static void RunLocalBackward<T>(T output, double upstream, string op, params (T node, double before)[] inputs) where T : class, IAutogradNode
    {
        if (output is null) throw new CheckFailedException($"the node {op} returned", "a node", "null", $"{op} must return the node it made");
        foreach (var (node, before) in inputs) node.Grad = before;
        output.Grad = upstream;
        if (output.LocalBackward is null)
            throw new CheckFailedException($"{op}'s output.LocalBackward", "a function", "null", "set output.LocalBackward to the function that passes the gradient back");
        output.LocalBackward();
    }

    private static IEnumerable<(string name, Dictionary<T, (string label, T[] inputs)> graph, T root)> Graphs<T>(Func<double, T[], T> make) where T : class
    {
        (Dictionary<T, (string, T[])> graph, Func<T[], T> node) Builder()
        {
            var graph = new Dictionary<T, (string, T[])>(ReferenceEqualityComparer.Instance);
            T Node(T[] inputs)
            {
                var n = make(graph.Count + 1, inputs) ?? throw new CheckFailedException("a node made by the setup's constructor", "a node", "null", "keep the setup cell as given");
                graph[n] = ($"n{graph.Count + 1}", inputs);
                return n;
            }
            return (graph, Node);
        }

        {
            var (g, n) = Builder();
            yield return ("a single given value", g, n([]));
        }
        {
            var (g, n) = Builder();
            var a = n([]);
            yield return ("a chain n1 → n2 → n3", g, n([n([a])]));
        }
        {
            var (g, n) = Builder();
            var a = n([]);
            yield return ("a + a (n2 reads n1 twice)", g, n([a, a]));
        }
        {
            var (g, n) = Builder();
            var a = n([]);
            var b = n([a]);
            var c = n([a]);
            n([a]);   // n4 uses n1 but the root does not use n4: it must not be listed
            yield return ("a diamond (n5 reads n2 and n3, both read n1)", g, n([b, c]));
        }
        {
            var (g, n) = Builder();
            var apple = n([]); var appleNum = n([]); var orange = n([]); var orangeNum = n([]); var tax = n([]);
            yield return ("the apple-and-orange bill", g, n([n([n([apple, appleNum]), n([orange, orangeNum])]), tax]));
        }
        {
            var (g, n) = Builder();
            var t = n([n([]), n([])]);
            yield return ("lesson 1's z = t·t with t = x + y", g, n([t, t]));
        }
        {
            var (g, n) = Builder();
            var random = new Random(71);
            var nodes = new List<T> { n([]), n([]), n([]) };
            for (var i = 0; i < 40; i++)
                nodes.Add(n(Enumerable.Range(0, random.Next(1, 4)).Select(_ => nodes[random.Next(nodes.Count)]).ToArray()));
            yield return ("a random graph of 43 nodes", g, nodes[^1]);
        }
        {
            var (g, n) = Builder();
            var first = n([]);
            var last = first;
            for (var i = 0; i < 1000; i++) last = n([last, first]);
            yield return ("a chain 1,000 deep, every link also reading n1", g, last);
        }
    }

    private static void VerifyOrder<T>(string name, Dictionary<T, (string label, T[] inputs)> graph, T root, IReadOnlyList<T>? got) where T : class
    {
        var what = $"TopologicalOrder of {name}";
        if (got is null) throw new CheckFailedException(what, "a list of nodes", "null", "return the list you built");

        // The nodes the root depends on, found by the check itself.
        var needed = new HashSet<T>(ReferenceEqualityComparer.Instance) { root };
        var pending = new Stack<T>([root]);
        while (pending.Count > 0)
            foreach (var input in graph[pending.Pop()].inputs)
                if (needed.Add(input)) pending.Push(input);

        string Label(T n) => graph.TryGetValue(n, out var entry) ? entry.label : "a node the check did not make";
        string Listing(IEnumerable<T> nodes)
        {
            var labels = nodes.Select(Label).ToList();
            return "[" + string.Join(", ", labels.Take(12)) + (labels.Count > 12 ? $", … ({labels.Count} in all)" : "") + "]";
        }

        var expectedCount = needed.Count;
        var counts = new Dictionary<T, int>(ReferenceEqualityComparer.Instance);
        foreach (var n in got)
        {
            if (n is null) throw new CheckFailedException(what, "nodes", "a null entry", "add only nodes to the list");
            counts[n] = counts.GetValueOrDefault(n) + 1;
        }
        if (counts.FirstOrDefault(c => c.Value > 1) is { Key: not null } twice)
            throw new CheckFailedException(what, "each node once", $"{Label(twice.Key)} listed {twice.Value} times in {Listing(got)}",
                "a node reached along two paths (a diamond, or a + a) must be listed once: remember which nodes you have visited");
        if (got.FirstOrDefault(n => !needed.Contains(n)) is { } extra)
            throw new CheckFailedException(what, $"the {expectedCount} nodes the root depends on", $"{Label(extra)} too, in {Listing(got)}",
                "list only the nodes reached from the root by following inputs");
        if (got.Count < expectedCount)
            throw new CheckFailedException(what, $"{expectedCount} nodes", $"{got.Count}: {Listing(got)}",
                got.Count == 1 ? "the inputs are missing: visit every input of a node, and their inputs, before adding the node"
                    : "some nodes are missing: follow every input of every node, not only the first");

        var position = new Dictionary<T, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < got.Count; i++) position[got[i]] = i;
        var reversed = got.All(n => graph[n].inputs.All(input => position[input] > position[n]));
        if (reversed && got.Count > 1)
            throw new CheckFailedException(what, $"the root {Label(root)} last, every node after its inputs", $"the reverse: {Listing(got)}",
                "that is the order Backward walks; the topological order is the forward order: add a node after all its inputs (Backward reads it from the end)");
        foreach (var n in got)
            foreach (var input in graph[n].inputs)
                if (position[input] > position[n])
                    throw new CheckFailedException(what, $"{Label(input)} before {Label(n)} (it is an input of {Label(n)})", Listing(got),
                        "add a node only after ALL of its inputs have been added (depth-first: inputs first, then the node)");
        if (!ReferenceEquals(got[^1], root))
            throw new CheckFailedException(what, $"the root {Label(root)} last", Listing(got), "the root depends on everything else, so it comes last");
    }
}
