using Backprop.Errors;
using Backprop.Functions;
using Backprop.Layers;
using Backprop.Networks;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>Checks of lesson 6's exercises (the network's gradient, the SGD step, the numerical gradient).</summary>
public static class Lesson6Checks
{
    private static readonly string[] Names = ["W1", "b1", "U", "bU", "W2", "b2"];

    /// <summary>
    /// EXERCISE 6.1: a network that uses one weight twice. <paramref name="makeNetwork"/> gets (W1, b1, U, bU, W2, b2) and returns
    /// a new network whose layers are given: Affine1 → ReLU → Hidden1 → ReLU → Hidden2 → ReLU → Affine2 → SoftmaxWithLoss, where
    /// Hidden1 and Hidden2 hold the same U (H×H) and bU (1×H). Gradient(x, t) must return ∂L/∂ of all six by name; U and bU
    /// reach the loss through both hidden layers, so each layer's DW/DB is only part of their gradient. Checked on two networks
    /// (5-4-3 and a square 3-3-3), index and one-hot labels, a second batch and a batch of one, against the library's layers
    /// (each use computed apart and added), then against central differences of the network's own loss.
    /// </summary>
    public static CheckResult NetworkGradient(
        Func<Matrix<double>, Matrix<double>, Matrix<double>, Matrix<double>, Matrix<double>, Matrix<double>, IGradientNetwork> makeNetwork) =>
        Exercise.Check("6.1", "A network that uses one weight twice", () =>
        {
            ArgumentNullException.ThrowIfNull(makeNetwork);
            foreach (var (d, h, k, seed) in new[] { (5, 4, 3, 610), (3, 3, 3, 630) })
            {
                // Biases a little positive, so that the three ReLUs pass most units and both uses of U carry gradient.
                Matrix<double>[] parameters =
                [
                    CheckData.Matrix(d, h, seed) * 0.6, CheckData.Matrix(1, h, seed + 1) * 0.2 + 0.3,
                    CheckData.Matrix(h, h, seed + 2) * 0.5, CheckData.Matrix(1, h, seed + 3) * 0.2 + 0.3,
                    CheckData.Matrix(h, k, seed + 4) * 0.6, CheckData.Matrix(1, k, seed + 5) * 0.3,
                ];
                var given = parameters.Select(p => p.Clone()).ToArray();
                var network = makeNetwork(given[0], given[1], given[2], given[3], given[4], given[5])
                    ?? throw new CheckFailedException("the network", "a new network", "null", "the factory must return a new network, e.g. (w1, b1, u, bU, w2, b2) => new TiedNet(w1, b1, u, bU, w2, b2)");
                LibraryUse.Reject(network.GetType().Assembly, ["Backprop.Networks", "Backprop.Training"], [], "walk the network's own layers; the library's networks do not know this one");
                var net = $"a {d}-{h}-{h}-{k} network";
                var x1 = CheckData.Matrix(4, d, seed + 6);
                int[] t1 = [.. Enumerable.Range(0, 4).Select(i => (i * 2 + seed) % k)];
                var x2 = CheckData.Matrix(4, d, seed + 7);
                Matrix<double> t2 = Labels.OneHot([.. Enumerable.Range(0, 4).Select(i => (i + 1 + seed) % k)], k);
                var x3 = CheckData.Matrix(1, d, seed + 8);
                int[] t3 = [(seed + 2) % k];

                var first = Gradient(network, x1, t1, $"Gradient(x, t) of {net} with index labels");
                var firstCopy = first.ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
                Compare(first, Reference(parameters, x1, t1), $"Gradient(x, t) of {net} with index labels", null);
                // A second batch: a backward pass that forgot the forward pass would still see the first batch.
                var second = Gradient(network, x2, t2, $"Gradient(x, t) of {net} on a second batch, one-hot labels");
                Compare(second, Reference(parameters, x2, t2), $"Gradient(x, t) of {net} on a second batch, one-hot labels", Reference(parameters, x1, t1).Summed);
                foreach (var name in Names)
                    Expect.UnchangedSince(first[name], firstCopy[name], $"the d{name} the first Gradient returned", "after a second Gradient",
                        "a later Gradient overwrote a matrix returned before (e.g. Hidden1.DW.Add(Hidden2.DW, Hidden1.DW)): the caller still holds it — return new matrices");
                // A batch of one sample: N = 1 is a batch like any other.
                var x3Before = x3.Clone();
                var third = Gradient(network, x3, t3, $"Gradient(x, t) of {net} on a batch of one sample");
                Compare(third, Reference(parameters, x3, t3), $"Gradient(x, t) of {net} on a batch of one sample", null);
                Expect.Unchanged(x3, x3Before, "x", "the network wrote into its input x");
                for (var i = 0; i < Names.Length; i++)
                    Expect.Unchanged(given[i], parameters[i], Names[i], $"Gradient changed {Names[i]}: only the optimiser's step changes the weights");

                // Gradient: central differences of the network's own loss, each parameter nudged in place (an independent reference).
                for (var i = 0; i < Names.Length; i++)
                {
                    var numerical = Gradients.NumericalGradient.Of(() => network.Loss(x1, t1), given[i]);
                    Expect.MatchesNumericalGradient(first[Names[i]], numerical, $"d{Names[i]} of {net}",
                        "the backprop gradient disagrees with central differences of Loss(x, t): a parameter used twice collects gradient from both uses");
                }
            }
        });

    /// <summary>
    /// EXERCISE 6.2: the SGD step with weight decay. The loss minimised is L + (λ/2)·Σ W² over the elements of every weight
    /// matrix (names starting with "W"; biases are not decayed); <paramref name="step"/> gets (parameters, gradients of L alone,
    /// learning rate, λ) and must take one SGD step on that loss, updating every parameter matrix IN PLACE so that the network's
    /// layers, which hold the same matrices, see it. Checked on three small <see cref="TwoLayerNet"/>s (one with square weights,
    /// one with a single hidden unit) with three learning rates and three λ (0 among them): the dictionary's values against the
    /// step computed from the decayed loss's central differences, the gradients unchanged, what the layers see, a second step in
    /// a row, and a lower decayed loss after the step.
    /// </summary>
    public static CheckResult SgdStep(Action<Dictionary<string, Matrix<double>>, IReadOnlyDictionary<string, Matrix<double>>, double, double> step) =>
        Exercise.Check("6.2", "The SGD step with weight decay", () =>
        {
            ArgumentNullException.ThrowIfNull(step);
            LibraryUse.Reject(step.Method.Module.Assembly, ["Backprop.Training", "Backprop.Networks", "Backprop.Optimizers"], [], "update the matrices yourself with MathNet operations; the library's optimizers are not the answer");
            foreach (var (input, hidden, output, learningRate, lambda, seed) in new[] { (4, 5, 3, 0.1, 0.05, 62), (3, 3, 3, 0.37, 0.0, 63), (2, 1, 2, 0.013, 0.8, 64) })
            {
                var net = new TwoLayerNet(input, hidden, output, weightInitStd: 0.5, seed: seed);
                var x = CheckData.Matrix(6, input, seed);
                int[] t = [.. Enumerable.Range(0, 6).Select(i => (i * 5 + seed) % output)];
                double DecayedLoss() => net.Loss(x, t) + DecayTerm();
                var gradients = net.Gradient(x, t).ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
                var gradientsBefore = gradients.ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
                // The first step's reference: the decay term's gradient by central differences, independent of any formula (the
                // term is quadratic, so they are exact up to rounding), added to the gradient of L.
                double DecayTerm() => lambda / 2 * net.Parameters.Where(p => p.Name.StartsWith('W')).Sum(p => p.Data.PointwisePower(2).Enumerate().Sum());
                var decayedGradient = net.Parameters.ToDictionary(p => p.Name, p => gradients[p.Name] + Gradients.NumericalGradient.Of(DecayTerm, p.Data));
                var lossBefore = DecayedLoss();
                var parameters = net.Parameters.ToDictionary(p => p.Name, p => p.Data);
                var label = $"a {input}-{hidden}-{output} network, lr {learningRate}, λ {lambda}";
                var current = net.Parameters.ToDictionary(p => p.Name, p => p.Data.Clone());

                // Two steps in a row with the same gradients of L: in place, the second starts where the first ended.
                for (var stepCount = 1; stepCount <= 2; stepCount++)
                {
                    var previous = current.ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
                    step(parameters, gradients, learningRate, lambda);
                    var what = stepCount == 1 ? $"one step ({label})" : $"a second step in a row ({label})";
                    foreach (var p in net.Parameters)
                    {
                        // Shape
                        if (!parameters.TryGetValue(p.Name, out var value))
                            throw new CheckFailedException($"the parameters after {what}", $"an entry \"{p.Name}\"", "none", "update the entries; do not remove them");
                        Expect.Shaped(value, p.Data.RowCount, p.Data.ColumnCount, $"parameters[\"{p.Name}\"] after {what}", "a step keeps every parameter's shape");

                        // Values
                        Expect.Unchanged(gradients[p.Name], gradientsBefore[p.Name], $"gradients[\"{p.Name}\"]",
                            "the step wrote into the gradient (e.g. g.Multiply(lr, g)): the gradients belong to the layers; compute into a new matrix");
                        var (w, g) = (previous[p.Name], gradientsBefore[p.Name]);
                        var isWeight = p.Name.StartsWith('W');
                        var decay = isWeight ? lambda * w : Matrix<double>.Build.Dense(w.RowCount, w.ColumnCount);
                        // Step 1 from the numerical gradient of the decayed loss; step 2 (the same g, W moved) from its formula.
                        var expected = stepCount == 1 ? w - learningRate * decayedGradient[p.Name] : w - learningRate * (g + decay);
                        Expect.Values(value, expected, $"parameters[\"{p.Name}\"] after {what}",
                            "one step against the gradient of the loss you minimise, L + (λ/2)·ΣW²: the gradient of L plus that of the decay term",
                            [.. isWeight && lambda != 0 ? new Mistake<Matrix<double>>[]
                                {
                                    new("the decay term is missing: the loss minimised is L + (λ/2)·ΣW², and its second term has a gradient too", w - learningRate * g),
                                    new("the decay term's gradient is twice too large: differentiate (λ/2)·w² for one weight w", w - learningRate * (g + 2 * decay)),
                                    new("the decay term moved W without the learning rate: the whole gradient, decay included, is scaled by lr", w - learningRate * g - decay),
                                    new("the decay term's sign is flipped: decay pulls every weight towards 0", w - learningRate * (g - decay)),
                                } : [],
                             .. !isWeight && lambda != 0 ? new Mistake<Matrix<double>>[]
                                {
                                    new("the bias was decayed too: the decay term sums the squares of the weight matrices only (names starting with W)", w - learningRate * (g + lambda * w)),
                                } : [],
                             new("adding instead of subtracting: step AGAINST the gradient, to go downhill", w + learningRate * (g + decay)),
                             .. learningRate != 0.1 ? [new Mistake<Matrix<double>>("the learning rate is fixed at 0.1: use the learningRate argument", w - 0.1 * (g + decay))] : Array.Empty<Mistake<Matrix<double>>>(),
                             new("nothing changed: update every parameter", w)]);
                        if (!ReferenceEquals(value, p.Data) || !Expect.Close(p.Data, expected))
                            throw new CheckFailedException($"{p.Name} as the network's layer sees it after {what}", Expect.Text(expected), Expect.Text(p.Data),
                                "the dictionary entry was REPLACED by a new matrix (parameters[key] = …): the layer still holds the old matrix and the network never learns. " +
                                "Update the matrix in place, with a MathNet operation that writes into a given result matrix");
                        current[p.Name] = expected;
                    }
                    if (stepCount == 1)
                    {
                        // Training: one step downhill on the same batch lowers its decayed loss.
                        var lossAfter = DecayedLoss();
                        if (!(lossAfter < lossBefore))
                            throw new CheckFailedException($"the decayed loss on the same batch after one step ({label})", $"below {Expect.Text(lossBefore)}", Expect.Text(lossAfter),
                                "a step against the gradient must lower the loss; the layers did not see the update");
                    }
                }
            }
        });

    /// <summary>
    /// EXERCISE 6.3: a numerical gradient. <paramref name="numericalGradient"/> gets a loss that reads x and x itself, and
    /// returns ∂loss/∂x by central differences, (f(x + h) − f(x − h)) / 2h with h = 1e-4, restoring each element after
    /// nudging it, as a new matrix. Checked on four functions and shapes (3×4, 3×4 again, 1×1, a square 4×4 through a product):
    /// against a reference central difference, then against the analytic gradient; x must be as it was, and a later
    /// call must leave the matrix returned before unchanged.
    /// </summary>
    public static CheckResult NumericalGradient(Func<Func<double>, Matrix<double>, Matrix<double>> numericalGradient) =>
        Exercise.Check("6.3", "A numerical gradient", () =>
        {
            ArgumentNullException.ThrowIfNull(numericalGradient);
            LibraryUse.Reject(numericalGradient.Method.Module.Assembly, ["Backprop.Gradients"], [], "nudge the elements yourself; the library's NumericalGradient is what you are writing");
            const double H = Gradients.NumericalGradient.DefaultStep;
            var c = CheckData.Matrix(3, 4, 68);
            var a = CheckData.Matrix(4, 4, 69) * 0.5;
            var cases = new (Matrix<double> X, Func<Matrix<double>, double> F, Func<Matrix<double>, Matrix<double>> Derivative, string Label)[]
            {
                // Σ c·sin x + Σ x³ + (Σ x)²/2 is curved everywhere, so a forward difference is visibly off (by h/2 · f″),
                // and its last term couples the elements, so an element left nudged changes the others' derivatives.
                (CheckData.Matrix(3, 4, 67),
                    m => m.PointwiseSin().PointwiseMultiply(c).Enumerate().Sum() + m.PointwisePower(3).Enumerate().Sum() + Math.Pow(m.Enumerate().Sum(), 2) / 2,
                    m => m.PointwiseCos().PointwiseMultiply(c) + 3 * m.PointwisePower(2) + m.Enumerate().Sum(),
                    "f(x) = Σ c·sin x + Σ x³ + (Σ x)²/2 on a 3×4 x"),
                // A 3×4 x again: a function that keeps one result matrix per shape overwrites the first result.
                (CheckData.Matrix(3, 4, 71),
                    m => m.Map(v => Math.Exp(v / 2)).Enumerate().Sum(),
                    m => m.Map(v => Math.Exp(v / 2) / 2),
                    "f(x) = Σ e^(x/2) on another 3×4 x"),
                (Matrix<double>.Build.Dense(1, 1, 0.7),
                    m => Math.Exp(3 * m[0, 0]),
                    m => Matrix<double>.Build.Dense(1, 1, 3 * Math.Exp(3 * m[0, 0])),
                    "f(x) = e^(3x) on a 1×1 x"),
                (CheckData.Matrix(4, 4, 70),
                    m => (a * m).PointwisePower(2).Enumerate().Sum() / 2 + m.Enumerate().Sum() * m[0, 3],
                    m => a.Transpose() * a * m + m[0, 3] + Matrix<double>.Build.Dense(4, 4, (i, j) => i == 0 && j == 3 ? m.Enumerate().Sum() : 0),
                    "f(x) = ½‖A·x‖² + (Σ x)·x₀₃ on a square 4×4 x"),
            };
            Matrix<double>? previous = null, previousValue = null;
            foreach (var (x, f, derivative, label) in cases)
            {
                var before = x.Clone();
                Matrix<double> got;
                try { got = numericalGradient(() => f(x), x); }
                catch (ArgumentOutOfRangeException e)
                {
                    throw new CheckFailedException($"MyNumericalGradient(f, x) for {label}", "a gradient", $"{e.GetType().Name}: {e.Message}",
                        "an index left x: loop over x.RowCount and x.ColumnCount — the check passes x of several shapes");
                }

                // Shape
                Expect.Shaped(got, x.RowCount, x.ColumnCount, $"MyNumericalGradient(f, x) for {label}", "the gradient has the shape of x: one partial derivative per element");

                // Values
                if (!Expect.Close(x, before, 1e-12, 0))
                    throw new CheckFailedException($"x after MyNumericalGradient (every element restored), {label}", Expect.Text(before), Expect.Text(x),
                        "not restoring the element: put each element back to its original value after nudging it (the loss reads x, so later elements would see the change)");
                if (ReferenceEquals(got, x))
                    throw new CheckFailedException($"the matrix MyNumericalGradient returned for {label}", "a new matrix", "x itself",
                        "return a NEW matrix of partial derivatives; x holds the point, and the caller keeps using it");
                if (previous is not null)
                    Expect.Unchanged(previous, previousValue!, "the gradient returned by the previous call", "MyNumericalGradient reused the matrix it returned before: create a new one on each call");
                var copy = before.Clone();
                var reference = Gradients.NumericalGradient.Of(() => f(copy), copy);
                Expect.Values(got, reference, $"MyNumericalGradient(f, x) for {label}", "each element: (f(x + h) − f(x − h)) / 2h with h = 1e-4",
                    [new("forward difference (f(x + h) − f(x)) / h: use the central difference (f(x + h) − f(x − h)) / 2h, accurate to h² instead of h",
                        Differences(f, before, (plus, minus, at) => (plus - at) / H, restore: true)),
                     new("÷h instead of ÷2h: x + h and x − h are 2h apart", 2 * reference),
                     new("the sign is flipped: (f(x + h) − f(x − h)) / 2h", -reference),
                     new("not restoring each element: every nudge stayed in x, so later elements saw a changed x",
                        Differences(f, before, (plus, minus, _) => (plus - minus) / (2 * H), restore: false))]);

                // Gradient: the analytic derivative.
                var analytic = derivative(before);
                if (!Expect.Close(got, analytic, 1e-6, 1e-6))
                    throw new CheckFailedException($"MyNumericalGradient compared with the exact derivative, {label}", Expect.Text(analytic), Expect.Text(got),
                        "use h = 1e-4: a much smaller h drowns in rounding, a larger one is inaccurate");
                (previous, previousValue) = (got, got.Clone());
            }
        });

    private static IReadOnlyDictionary<string, Matrix<double>> Gradient(IGradientNetwork network, Matrix<double> x, Labels t, string what)
    {
        try
        {
            var result = network.Gradient(x, t)
                ?? throw new CheckFailedException(what, "gradients by name", "null", "return a dictionary with W1, b1, U, bU, W2, b2");
            var unset = Names.Where(n => result.ContainsKey(n) && result[n] is null).ToList();
            if (unset.Count > 0)
                throw new CheckFailedException(what, $"gradients for {string.Join(", ", unset)}", "null",
                    "no backward pass: the Affine layers set DW and DB in Backward; after Loss(x, t), run dout = LastLayer.Backward(1) and Backward through every layer in reverse order");
            var missing = Names.Where(n => !result.ContainsKey(n)).ToList();
            if (missing.Count > 0)
                throw new CheckFailedException(what, "entries W1, b1, U, bU, W2, b2", $"entries {string.Join(", ", result.Keys)}",
                    $"the result has no {string.Join(", ", missing)}: return each parameter's gradient under its name");
            return Names.ToDictionary(n => n, n => result[n]);
        }
        catch (ShapeMismatchException e)
        {
            throw new CheckFailedException(what, "a backward pass", $"ShapeMismatchException: {e.Message}",
                "backward runs through the layers in REVERSE order: LastLayer.Backward(1), then the layers from last to first");
        }
        catch (InvalidOperationException e)
        {
            throw new CheckFailedException(what, "a backward pass", $"InvalidOperationException: {e.Message}",
                "run the forward pass first (Loss(x, t)): every Backward needs what its Forward cached");
        }
    }

    /// <summary>The right gradients (both uses of U and bU added) and the wrong ones a learner may return.</summary>
    private sealed record ReferenceGradients(
        Dictionary<string, Matrix<double>> Summed, Dictionary<string, Matrix<double>> FirstUse, Dictionary<string, Matrix<double>> SecondUse);

    private static ReferenceGradients Reference(Matrix<double>[] p, Matrix<double> x, Labels t)
    {
        // Each use of U gets its own library Affine on its own copy: its DW is the gradient through that use only.
        var affine1 = new Affine(p[0].Clone(), p[1].Clone());
        var hidden1 = new Affine(p[2].Clone(), p[3].Clone());
        var hidden2 = new Affine(p[2].Clone(), p[3].Clone());
        var affine2 = new Affine(p[4].Clone(), p[5].Clone());
        ILayer[] layers = [affine1, new Relu(), hidden1, new Relu(), hidden2, new Relu(), affine2];
        var loss = new SoftmaxWithLoss();
        var scores = x;
        foreach (var layer in layers) scores = layer.Forward(scores);
        loss.Forward(scores, t);
        var dout = loss.Backward(1.0);
        foreach (var layer in layers.Reverse()) dout = layer.Backward(dout);
        Dictionary<string, Matrix<double>> With(Matrix<double> dU, Matrix<double> dbU) => new()
        {
            ["W1"] = affine1.DW!, ["b1"] = affine1.DB!, ["U"] = dU, ["bU"] = dbU, ["W2"] = affine2.DW!, ["b2"] = affine2.DB!,
        };
        return new(With(hidden1.DW! + hidden2.DW!, hidden1.DB! + hidden2.DB!), With(hidden1.DW!, hidden1.DB!), With(hidden2.DW!, hidden2.DB!));
    }

    private static void Compare(IReadOnlyDictionary<string, Matrix<double>> got, ReferenceGradients reference, string what, Dictionary<string, Matrix<double>>? previousBatch)
    {
        foreach (var name in Names)
        {
            var expected = reference.Summed[name];
            Expect.Shaped(got[name], expected.RowCount, expected.ColumnCount, $"d{name} of {what}", $"each gradient has its parameter's shape; is the entry \"{name}\" the gradient of {name}?");
        }
        foreach (var name in Names)
        {
            var expected = reference.Summed[name];
            var shared = name is "U" or "bU";
            var layerName = name == "U" ? "DW" : "DB";
            Expect.Values(got[name], expected, $"d{name} of {what}",
                shared ? $"{name} reaches the loss through Hidden1 AND Hidden2: each layer's {layerName} is the gradient through its own use only"
                       : "forward (Loss(x, t)), then dout = LastLayer.Backward(1) and Backward through every layer in reverse order",
                [.. shared ? new Mistake<Matrix<double>>[]
                    {
                        new($"that is Hidden2's {layerName} only, the gradient through one use of {name}: {name} feeds two layers, so its gradient collects from both (lessons 1 and 2: where a value branches, the gradients coming back add up)", reference.SecondUse[name]),
                        new($"that is Hidden1's {layerName} only, the gradient through one use of {name}: {name} feeds two layers, so its gradient collects from both (lessons 1 and 2: where a value branches, the gradients coming back add up)", reference.FirstUse[name]),
                        new($"the two uses' gradients were averaged: the loss changes through both uses at once, so their gradients add, they are not averaged", expected / 2),
                    } : [],
                 new("the sign is flipped: the backward pass starts with dout = 1 (∂L/∂L)", -expected),
                 .. previousBatch is null ? Array.Empty<Mistake<Matrix<double>>>()
                    : [new("that is the previous batch's gradient: run the forward pass on THIS batch (Loss(x, t)) before the backward pass", previousBatch[name])]]);
        }
    }

    private static Matrix<double> Differences(Func<Matrix<double>, double> f, Matrix<double> start, Func<double, double, double, double> formula, bool restore)
    {
        const double H = Gradients.NumericalGradient.DefaultStep;
        var x = start.Clone();
        var grad = Matrix<double>.Build.Dense(x.RowCount, x.ColumnCount);
        for (var i = 0; i < x.RowCount; i++)
            for (var j = 0; j < x.ColumnCount; j++)
            {
                var original = x.At(i, j);
                x.At(i, j, original + H);
                var plus = f(x);
                x.At(i, j, original - H);
                var minus = f(x);
                x.At(i, j, original);
                var at = f(x);
                if (!restore) x.At(i, j, original - H);
                grad.At(i, j, formula(plus, minus, at));
            }
        return grad;
    }
}
