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
    /// EXERCISE 8.1: the local backwards of division, the natural logarithm and the maximum of two values — operations
    /// lesson 8 does not write out. Each operation's forward is given; its <see cref="IAutogradNode.LocalBackward"/> must
    /// ADD local derivative × output.Grad to each input's Grad; on a tie of Max the whole gradient goes to the first
    /// input. Each operation is run several times with different inputs (0, negative, tiny and large where the operation
    /// allows them), upstream gradients other than 1 and gradients already present; Div(a, a) and Max(a, a) use one node
    /// twice; two expressions that reuse a value are compared with central differences through the checks' own backward.
    /// </summary>
    public static CheckResult LocalBackwards<T>(Func<double, T> constant, Func<T, T, T> div, Func<T, T> log, Func<T, T, T> max)
        where T : class, IAutogradNode
    {
        ArgumentNullException.ThrowIfNull(constant);
        ArgumentNullException.ThrowIfNull(div);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(max);
        return Exercise.Check("8.1", "Local backwards of division, log and max", () =>
        {
            const string DivA = "grow a a little with b held fixed: a / b grows by that much divided by b — a's local derivative is 1 over b";
            const string DivB = "grow b a little with a held fixed: a / b shrinks (for a, b > 0), so b's local derivative is negative; differentiate a · b⁻¹ in b";
            foreach (var (a, b, g, pa, pb) in new[]
            {
                (3.0, 2.0, 0.7, 0.25, -0.5), (0.0, -4.0, -1.3, 1.0, 0.0), (-1.5, 0.25, 2.0, 0.0, 0.6), (6.0, -0.5, 0.3, -2.0, 1.5), (1e-3, 1e3, 5.0, 0.0, 0.0),
            })
            {
                var x = constant(a);
                var y = constant(b);
                var output = div(x, y);
                Expect.Value(output.Data, a / b, $"Div({a}, {b}).Data", "Div's forward is given: a.Data / b.Data");
                RunLocalBackward(output, g, "Div", (x, pa), (y, pb));
                var where = $"(a = {a}, b = {b}, output.Grad = {g}, a.Grad before = {pa}, b.Grad before = {pb})";
                var localB = -a / (b * b);
                Expect.Value(x.Grad, pa + g / b, $"a.Grad after Div's local backward {where}", DivA,
                    new(Assigned, g / b),
                    new("that is the product's rule (multiply by b); a / b changes by 1/b per unit of a", pa + g * b),
                    new(Upstream, pa + 1 / b));
                Expect.Value(y.Grad, pb + g * localB, $"b.Grad after Div's local backward {where}", DivB,
                    new(Assigned, g * localB),
                    new("the sign is lost: a larger b makes a / b smaller (for a, b > 0), so b's local derivative is negative", pb - g * localB),
                    new("b⁻¹ differentiates to −b⁻², so b's local derivative is −a / b², not −a / b", pb - g * a / b),
                    new("a is missing from b's share: the derivative of a · b⁻¹ in b keeps the factor a", pb - g / (b * b)),
                    new("b's share uses b where a belongs: the derivative of a · b⁻¹ in b is a times the derivative of b⁻¹", pb - g / b),
                    new(Upstream, pb + localB));
            }
            {
                var x = constant(-2.5);
                RunLocalBackward(div(x, x), 1.5, "Div", (x, 0.4));
                Expect.Value(x.Grad, 0.4, "a.Grad after the local backward of Div(a, a) (a = -2.5, output.Grad = 1.5, a.Grad before = 0.4)",
                    "a is both inputs of a / a (always 1), so its two shares cancel: add both, 1/a · g and −a/a² · g",
                    new Mistake<double>(Assigned + " — in a / a the second share overwrote the first", 1.5 / 2.5),
                    new Mistake<double>(Assigned + " — in a / a one share overwrote the other", -1.5 / 2.5));
            }

            foreach (var (v, g, p) in new[] { (2.5, 0.6, 0.4), (1.0, 1.0, 0.0), (1e-3, -2.0, 1.5), (50.0, 3.0, -0.7), (0.2, -0.5, 0.0) })
            {
                var x = constant(v);
                var output = log(x);
                Expect.Value(output.Data, Math.Log(v), $"Log({v}).Data", "Log's forward is given: Math.Log(x.Data)");
                RunLocalBackward(output, g, "Log", (x, p));
                var ln = Math.Log(v);
                Expect.Value(x.Grad, p + g / v, $"x.Grad after Log's local backward (x = {v}, output.Grad = {g}, x.Grad before = {p})",
                    "grow x a little: log x grows by that much divided by x (the derivative of the natural logarithm)",
                    new(Assigned, g / v),
                    new("log is not its own derivative (exp is): divide by the input x", p + g * ln),
                    new("divide by the input x, not by the output log x", ln == 0 ? double.NaN : p + g / ln),
                    new("divide by x rather than multiply", p + g * v),
                    new(Upstream, p + 1 / v));
            }

            const string Tie = "on a tie (a.Data == b.Data) the contract gives the whole gradient to a and nothing to b";
            foreach (var (a, b, g, pa, pb) in new[]
            {
                (2.0, -1.0, 0.7, 0.25, -0.5), (-3.0, 0.5, -1.3, 1.0, 0.0), (1.5, 1.5, 2.0, 0.0, 0.6), (-2.0, -2.0, -0.4, 0.3, 0.3), (0.0, 0.0, 1.0, 0.0, 0.0), (-4.0, -7.0, 3.0, -1.0, 2.0),
            })
            {
                var x = constant(a);
                var y = constant(b);
                var output = max(x, y);
                Expect.Value(output.Data, Math.Max(a, b), $"Max({a}, {b}).Data", "Max's forward is given: Math.Max(a.Data, b.Data)");
                RunLocalBackward(output, g, "Max", (x, pa), (y, pb));
                var aWins = a >= b;
                var where = $"(a = {a}, b = {b}, output.Grad = {g}, a.Grad before = {pa}, b.Grad before = {pb})";
                var split = a == b ? new[] { new Mistake<double>("on a tie the whole gradient goes to a, not half to each (the contract's convention)", pa + g / 2) } : [];
                Expect.Value(x.Grad, aWins ? pa + g : pa, $"a.Grad after Max's local backward {where}",
                    aWins ? "a is the larger input (or tied), so a small change of a changes the output one for one: add output.Grad to a.Grad"
                          : "a is the smaller input, so a small change of a does not change the output: a's share is 0",
                    [.. split,
                     new(a == b ? Tie : "the gradient goes to the larger input, the one the output equals", aWins ? pa : pa + g),
                     new(aWins ? Assigned : "the smaller input's Grad must stay as it was: add nothing (do not set it to 0)", aWins ? g : 0),
                     new("multiply by 1 (the larger input's local derivative), not by its value", aWins ? pa + g * a : pa),
                     new(Upstream, aWins ? pa + 1 : pa)]);
                Expect.Value(y.Grad, aWins ? pb : pb + g, $"b.Grad after Max's local backward {where}",
                    aWins ? "b is the smaller input (or tied), so its share is 0: add nothing" : "b is the larger input: add output.Grad to b.Grad",
                    [.. split.Select(m => new Mistake<double>(m.Hint, pb + g / 2)),
                     new(a == b ? Tie + " — both inputs received it" : "the gradient goes to the larger input, the one the output equals", aWins ? pb + g : pb),
                     new(aWins ? "the smaller input's Grad must stay as it was: add nothing (do not set it to 0)" : Assigned, aWins ? 0 : g),
                     new(Upstream, aWins ? pb : pb + 1)]);
            }
            {
                var x = constant(-1.5);
                RunLocalBackward(max(x, x), 0.8, "Max", (x, 0.5));
                Expect.Value(x.Grad, 1.3, "a.Grad after the local backward of Max(a, a) (a = -1.5, output.Grad = 0.8, a.Grad before = 0.5)",
                    "max(a, a) = a changes one for one with a: a receives output.Grad once in all (as the first input, by the tie rule)",
                    new Mistake<double>("on a tie only the first input receives the gradient: here a received it as both inputs", 2.1),
                    new Mistake<double>(Assigned, 0.8),
                    new Mistake<double>("the smaller input's Grad must stay as it was: add nothing (do not set it to 0)", 0));
            }

            // Whole expressions that reuse a value, through the checks' own backward, against central differences.
            foreach (var (what, f, at) in new (string, Func<T[], T>, double[])[]
            {
                ("Div(Max(x, y), Log(x)) at (3, 1.2)", v => div(max(v[0], v[1]), log(v[0])), [3.0, 1.2]),
                ("Log(Div(Max(x, y), y)) at (0.5, 2)", v => log(div(max(v[0], v[1]), v[1])), [0.5, 2.0]),
                ("Div(Log(x), Div(x, y)) at (4, −0.5)", v => div(log(v[0]), div(v[0], v[1])), [4.0, -0.5]),
            })
            {
                var analytic = AutogradReference.Analytic(f, at, constant);
                var numerical = AutogradReference.Numerical(f, at, constant);
                for (var i = 0; i < at.Length; i++)
                {
                    var relative = Math.Abs(analytic[i] - numerical[i]) / Math.Max(1e-8, Math.Abs(analytic[i]) + Math.Abs(numerical[i]));
                    if (relative > 1e-6)
                        throw new CheckFailedException($"the gradient of {what} in input {i + 1}, by backward", $"{Expect.Text(numerical[i])} (central difference)",
                            Expect.Text(analytic[i]), "each local backward must add its share: a value used by two operations receives the sum of both shares");
                }
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
    /// EXERCISE 8.3: a faulty operation found with a numerical check and mended. <paramref name="gradientError"/>(f, at,
    /// backward) must return the largest |backprop − central difference| over f's inputs at the point <c>at</c> (backprop
    /// by <c>backward</c>); <paramref name="mended"/> must be the given engine's faulty operation, the subtraction a − b,
    /// with a local backward that adds each input's share. <paramref name="buggyMinus"/>, <paramref name="times"/> and
    /// <paramref name="tanh"/> are the given engine's operations.
    /// </summary>
    public static CheckResult AccumulationBug<T>(Func<Func<T[], T>, double[], Action<T>, double> gradientError, Func<T, T, T> mended,
        Func<double, T> constant, Func<T, T, T> buggyMinus, Func<T, T, T> times, Func<T, T> tanh) where T : class, IAutogradNode
    {
        ArgumentNullException.ThrowIfNull(gradientError);
        ArgumentNullException.ThrowIfNull(mended);
        ArgumentNullException.ThrowIfNull(constant);
        ArgumentNullException.ThrowIfNull(buggyMinus);
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(tanh);
        return Exercise.Check("8.3", "The accumulation bug", () =>
        {
            var cases = new (string what, Func<T[], T> f, double[] at)[]
            {
                ("x·x·x at x = 2 (correct operations)", v => times(v[0], times(v[0], v[0])), [2.0]),
                ("tanh(x·y)·x at (0.7, −1.3) (correct operations)", v => times(tanh(times(v[0], v[1])), v[0]), [0.7, -1.3]),
                ("Minus(x, x) at x = 1.5", v => buggyMinus(v[0], v[0]), [1.5]),
                ("Minus(x, y)·y at (2, 3)", v => times(buggyMinus(v[0], v[1]), v[1]), [2.0, 3.0]),
                ("Minus(x, y)·x at (2, 3)", v => times(buggyMinus(v[0], v[1]), v[0]), [2.0, 3.0]),
                ("tanh(Minus(x, x·y))·y at (0.4, −0.9)", v => times(tanh(buggyMinus(v[0], times(v[0], v[1]))), v[1]), [0.4, -0.9]),
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
                Expect.Value(output.Data, -1, "Mended(2, 3).Data", "Mended is the engine's faulty operation, mended: its forward is unchanged",
                    new Mistake<double>("Times is not the culprit (GradientError finds it right); mend the operation whose expressions GradientError finds wrong", 6),
                    new Mistake<double>("Mended replaces the engine's Minus: its forward is a − b", 5),
                    new Mistake<double>("Mended replaces the engine's Minus: its forward is a − b, not b − a", 1));
            }
            const string Share = "derive each input's local derivative of a − b (how the output moves when that one input grows a little), then add local derivative × output.Grad";
            foreach (var (a, b, g, pa, pb) in new[] { (2.0, 3.0, 1.5, 0.5, -0.25), (-1.0, 0.5, -0.8, 0.0, 2.0), (0.0, -4.0, 0.3, -1.0, 0.0) })
            {
                var x = constant(a);
                var y = constant(b);
                var output = mended(x, y);
                RunLocalBackward(output, g, "Mended", (x, pa), (y, pb));
                var where = $"(a = {a}, b = {b}, output.Grad = {g}, a.Grad before = {pa}, b.Grad before = {pb})";
                Expect.Value(x.Grad, pa + g, $"a.Grad after Mended's local backward {where}", Share,
                    new Mistake<double>(Assigned, g),
                    new Mistake<double>("a − b grows with a: a's local derivative is +1, so a's share has the sign of output.Grad", pa - g),
                    new Mistake<double>(Upstream, pa + 1));
                Expect.Value(y.Grad, pb - g, $"b.Grad after Mended's local backward {where}", Share,
                    new Mistake<double>(Assigned, -g),
                    new Mistake<double>("a − b shrinks as b grows: b's local derivative is −1, so b's share is −output.Grad", pb + g),
                    new Mistake<double>(Upstream, pb - 1));
            }
            {
                var x = constant(1.5);
                AutogradReference.Backward(mended(x, x));
                Expect.Value(x.Grad, 0, "x.Grad after backward of Mended(x, x)", "x − x is always 0: x's two shares, +1 and −1, must both be added and cancel",
                    new Mistake<double>(Assigned + " — the second share overwrote the first", -1),
                    new Mistake<double>(Assigned + " — one share overwrote the other", 1));
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
                        "every input of a − b must receive its share, added to what it already has");
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
