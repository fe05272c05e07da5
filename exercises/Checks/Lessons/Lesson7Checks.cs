using Backprop.Functions;
using Backprop.Gradients;
using Backprop.Layers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>Checks of lesson 7: a backward pass written by hand, in the (features, samples) layout.</summary>
public static class Lesson7Checks
{
    private static readonly string[] Names = ["W1", "b1", "W2", "b2", "W3", "b3"];

    /// <summary>
    /// EXERCISE 7.1: a regression network with two sigmoid hidden layers, forward and backward written by hand.
    /// <paramref name="makeNetwork"/> gets (W1 J×D, b1 J×1, W2 K×J, b2 K×1, W3 1×K, b3 1×1) and returns a network that uses
    /// those very matrices; x is D×N and y 1×N. Predict, Loss = (1/2N)·Σ(ŷ − y)² and Gradient are compared on several
    /// weight sets and shapes (the sine data with a uniform [0, 1) start; several inputs and non-square weights; widths of
    /// one; a batch of one with a square W2; saturated sigmoids) with a reference built from the library's layers, which
    /// the learner may not use, and the gradient with central differences of the learner's own Loss by relative error.
    /// </summary>
    public static CheckResult TwoHiddenLayers(Func<Matrix<double>, Matrix<double>, Matrix<double>, Matrix<double>, Matrix<double>, Matrix<double>, IHandWrittenNetwork> makeNetwork) =>
        Exercise.Check("7.1", "Two hidden layers, backward by hand", () =>
        {
            ArgumentNullException.ThrowIfNull(makeNetwork);
            foreach (var (p, x, y, label, numerical) in Cases())
            {
                var given = p.Select(m => m.Clone()).ToArray();
                var net = makeNetwork(given[0], given[1], given[2], given[3], given[4], given[5])
                    ?? throw new CheckFailedException("the network", "a new network", "null",
                        "the factory must return a new network, e.g. (w1, b1, w2, b2, w3, b3) => new MyTwoHiddenNet(w1, b1, w2, b2, w3, b3)");
                LibraryUse.Reject(net.GetType().Assembly, ["Backprop.Layers", "Backprop.Networks", "Backprop.Training", "Backprop.Gradients"],
                    [typeof(Activations), typeof(Losses)],
                    "write the forward and backward passes yourself with MathNet operations, without the library's layers, networks, gradients, activations or losses");
                var reference = ByLayers(p, x, y);
                var (xBefore, yBefore) = (x.Clone(), y.Clone());

                var prediction = Call(() => net.Predict(x), $"Predict(x) for {label}");
                Expect.Shaped(prediction, 1, x.ColumnCount, $"Predict(x) for {label}", "one output per sample: ŷ is 1×N, one column per column of x");
                Expect.Values(prediction, reference.Prediction, $"Predict(x) for {label}",
                    "ŷ = W3·σ(W2·σ(W1·x + b1) + b2) + b3, each bias added to every column",
                    new("the second hidden layer's σ is missing: h2 = σ(W2·h1 + b2)", Forward(p, x, secondSigmoid: false)),
                    new("a σ on the output too: the output is linear, ŷ = W3·h2 + b3", reference.Prediction.Map(Sigmoid)));

                var loss = Call(() => net.Loss(x, y), $"Loss(x, y) for {label}");
                Expect.Value(loss, reference.Loss, $"Loss(x, y) for {label}", "L = (1/2N)·Σ(ŷ − y)², half the mean squared error",
                    new("that is the full mean squared error: the loss here is half of it, (1/2N)·Σ(ŷ − y)²", 2 * reference.Loss),
                    new("the 1/N is missing: the loss is a mean over the N samples (N = the number of columns of x)", reference.Loss * x.ColumnCount),
                    new("the square root was taken: L = (1/2N)·Σ(ŷ − y)²", Math.Sqrt(reference.Loss)));

                var first = Gradient(net, x, y, $"Gradient(x, y) for {label}");
                Compare(first, reference.Gradient, Mistakes(p, x, y), x.ColumnCount, $"Gradient(x, y) for {label}", p);
                Expect.Unchanged(x, xBefore, "x", "the network wrote into x: compute new matrices");
                Expect.Unchanged(y, yBefore, "y", "the network wrote into y: compute new matrices");
                for (var k = 0; k < Names.Length; k++)
                    Expect.Unchanged(given[k], p[k], Names[k], $"Gradient changed {Names[k]}: only the training loop's step changes the weights");

                // A second call on other targets: nothing stale from the first, and the first call's matrices stay as they were.
                var y2 = y.Map(v => -0.5 * v + 1);
                var second = Gradient(net, x, y2, $"Gradient(x, y) called again with other targets for {label}");
                Compare(second, ByLayers(p, x, y2).Gradient, Mistakes(p, x, y2), x.ColumnCount, $"Gradient(x, y) called again with other targets for {label}", p);
                foreach (var name in Names)
                    Expect.Unchanged(first[name].Matrix, first[name].Copy, $"d{name} returned by the first call",
                        "Gradient reused a matrix it returned before: return new matrices each call");

                // Central differences of the learner's own Loss, each parameter nudged in place (skipped where the sigmoids
                // saturate: there the gradients are ~1e-20 and a relative error compares rounding noise).
                if (!numerical) continue;
                for (var k = 0; k < Names.Length; k++)
                {
                    var centralDifferences = NumericalGradient.Of(() => net.Loss(x, y), given[k]);
                    var error = Expect.RelativeError(first[Names[k]].Copy, centralDifferences);
                    if (!(error < 1e-6))
                        throw new CheckFailedException($"relative error of d{Names[k]} against central differences of your Loss ({label})", "below 1e-6",
                            Expect.Text(error), "Gradient disagrees with Loss; does the network use the matrices it was given (not copies)?");
                }
            }
        });

    /// <summary>
    /// EXERCISE 7.2: the backward pass to the input. <paramref name="inputGradient"/> gets (W1 H×D, b1 H×1, W2 1×H, b2 1×1,
    /// x D×N, dŶ 1×N) of the one-hidden-layer network ŷ = W2·σ(W1·x + b1) + b2 in the (features, samples) layout and returns
    /// ∂f/∂x (D×N) for f = Σ ŷ ⊙ dŶ, leaving its arguments unchanged. Compared with the library's layers (which the learner may
    /// not use) and with central differences of f by relative error, on the sine data, several inputs, one hidden unit, a
    /// square W1, a batch of one, and upstream gradients other than 1 (negative, tiny).
    /// </summary>
    public static CheckResult InputGradient(Func<Matrix<double>, Matrix<double>, Matrix<double>, Matrix<double>, Matrix<double>, Matrix<double>, Matrix<double>> inputGradient) =>
        Exercise.Check("7.2", "The slope of the fit: backward to the input", () =>
        {
            ArgumentNullException.ThrowIfNull(inputGradient);
            LibraryUse.Reject(inputGradient.Method.Module.Assembly, ["Backprop.Layers", "Backprop.Networks", "Backprop.Training", "Backprop.Gradients"],
                [typeof(Activations), typeof(Losses)], "write the backward pass yourself with MathNet operations, without the library's layers or gradients");
            var random = new Random(720);
            Matrix<double> Uniform(int r, int c) => Matrix<double>.Build.Dense(r, c, (_, _) => random.NextDouble());
            Matrix<double>[] Random(int d, int h, int seed) =>
                [CheckData.Matrix(h, d, seed), CheckData.Matrix(h, 1, seed + 1), CheckData.Matrix(1, h, seed + 2), CheckData.Matrix(1, 1, seed + 3)];
            var grid = Matrix<double>.Build.Dense(1, 100, (_, j) => j / 100.0);
            var cases = new (Matrix<double>[] P, Matrix<double> X, Matrix<double> Upstream, string Label)[]
            {
                ([Uniform(25, 1), Matrix<double>.Build.Dense(25, 1), Uniform(1, 25), Matrix<double>.Build.Dense(1, 1)], grid,
                    Matrix<double>.Build.Dense(1, 100, 1.0), "the sine data, 25 hidden units, dŶ = 1 (the slope of the fit)"),
                (Random(3, 5, 721), CheckData.Matrix(3, 7, 725), CheckData.Matrix(1, 7, 726), "3 inputs, 5 hidden units, 7 samples, a random dŶ"),
                (Random(2, 1, 731), CheckData.Matrix(2, 4, 735), CheckData.Matrix(1, 4, 736) * -3, "one hidden unit, 2 inputs, a negative dŶ"),
                (Random(3, 3, 741), CheckData.Matrix(3, 6, 745), CheckData.Matrix(1, 6, 746), "a square W1 (3 inputs, 3 hidden units)"),
                (Random(4, 6, 751), CheckData.Matrix(4, 1, 755), CheckData.Matrix(1, 1, 756) * 1e-3, "a batch of one sample, a tiny dŶ"),
            };
            foreach (var (p, x, upstream, label) in cases)
            {
                var given = p.Select(m => m.Clone()).ToArray();
                var (xGiven, upstreamGiven) = (x.Clone(), upstream.Clone());
                var what = $"the gradient with respect to x for {label}";
                var got = Call(() => inputGradient(given[0], given[1], given[2], given[3], xGiven, upstreamGiven), what)
                    ?? throw new CheckFailedException(what, "a matrix", "null", "return ∂f/∂x as a new D×N matrix");
                Expect.Shaped(got, x.RowCount, x.ColumnCount, what, "∂f/∂x has x's shape, D×N: one number per input of every sample");
                for (var k = 0; k < 4; k++)
                    Expect.Unchanged(given[k], p[k], Names[k], $"your code changed {Names[k]}: compute new matrices");
                Expect.Unchanged(xGiven, x, "x", "your code wrote into x: compute new matrices");
                Expect.Unchanged(upstreamGiven, upstream, "dŶ", "your code wrote into dŶ: compute new matrices");

                var expected = InputByLayers(p, x, upstream);
                var h = (p[0] * x + Columns(p[1], x.ColumnCount)).Map(Sigmoid);
                var throughSigmoid = p[2].Transpose() * upstream;
                var mistakes = new List<Mistake<Matrix<double>>>
                {
                    new("σ′ is missing: on its way from ŷ to x the gradient passes through the sigmoid", p[0].Transpose() * throughSigmoid),
                    new("dŶ was ignored: the result must be ∂(Σ ŷ ⊙ dŶ)/∂x, so dŶ weights every sample's slope", InputByLayers(p, x, Matrix<double>.Build.Dense(1, x.ColumnCount, 1.0))),
                    new("divided by N: there is no mean here, dŶ already is the upstream gradient", expected / x.ColumnCount),
                    new("the sign is flipped", -expected),
                };
                if (p[0].RowCount == p[0].ColumnCount)
                    mistakes.Add(new("W1 is not transposed on the way back: an input reaches the hidden layer through a column of W1, so the product is with W1ᵀ",
                        p[0] * throughSigmoid.PointwiseMultiply(h.Map(v => v * (1 - v)))));
                Expect.Values(got, expected, what, "derive it element by element: write one element of z = W1·x + b1 as a sum, differentiate it with respect to " +
                    "one element of x, add up over everything that element reaches (lesson 7, section 3)", [.. mistakes]);

                // Central differences of f(x) = Σ ŷ ⊙ dŶ, whose gradient is exactly ∂f/∂x.
                var centralDifferences = NumericalGradient.Of(v => CheckData.Projected(v2 => Forward(p, v2), v, upstream), x.Clone());
                var error = Expect.RelativeError(got, centralDifferences);
                if (!(error < 1e-6))
                    throw new CheckFailedException($"relative error of your ∂f/∂x against central differences of f = Σ ŷ ⊙ dŶ ({label})", "below 1e-6", Expect.Text(error),
                        "the backward pass disagrees with the network it differentiates");
            }
        });

    private static Matrix<double> Forward(Matrix<double>[] p, Matrix<double> x) =>
        p[2] * (p[0] * x + Columns(p[1], x.ColumnCount)).Map(Sigmoid) + Columns(p[3], x.ColumnCount);

    // The library's Affine and Sigmoid layers in the book's layout: dx of the first Affine layer, transposed back.
    private static Matrix<double> InputByLayers(Matrix<double>[] p, Matrix<double> x, Matrix<double> upstream)
    {
        var (affine1, sigmoid, affine2) = (new Affine(p[0].Transpose(), p[1].Transpose()), new Layers.Sigmoid(), new Affine(p[2].Transpose(), p[3].Transpose()));
        affine2.Forward(sigmoid.Forward(affine1.Forward(x.Transpose())));
        return affine1.Backward(sigmoid.Backward(affine2.Backward(upstream.Transpose()))).Transpose();
    }

    private static IEnumerable<(Matrix<double>[] P, Matrix<double> X, Matrix<double> Y, string Label, bool Numerical)> Cases()
    {
        var random = new Random(710);
        Matrix<double> Uniform(int r, int c) => Matrix<double>.Build.Dense(r, c, (_, _) => random.NextDouble());
        Matrix<double> Zeros(int r, int c) => Matrix<double>.Build.Dense(r, c);
        Matrix<double>[] Random(int d, int j, int k, int seed) =>
            [CheckData.Matrix(j, d, seed), CheckData.Matrix(j, 1, seed + 1), CheckData.Matrix(k, j, seed + 2),
             CheckData.Matrix(k, 1, seed + 3), CheckData.Matrix(1, k, seed + 4), CheckData.Matrix(1, 1, seed + 5)];

        var grid = Matrix<double>.Build.Dense(1, 100, (_, j) => j / 100.0);
        yield return ([Uniform(8, 1), Zeros(8, 1), Uniform(6, 8), Zeros(6, 1), Uniform(1, 6), Zeros(1, 1)], grid,
            grid.Map(v => 20 * Math.Sin(2 * Math.PI * v)), "the sine data, 8 and 6 hidden units, weights uniform in [0, 1), biases 0", true);
        yield return (Random(3, 5, 4, 711), CheckData.Matrix(3, 7, 717), CheckData.Matrix(1, 7, 718) * 5,
            "3 inputs, 5 and 4 hidden units, 7 samples, random weights and biases", true);
        yield return (Random(2, 1, 1, 721), CheckData.Matrix(2, 5, 727), CheckData.Matrix(1, 5, 728),
            "hidden layers of one unit each (2 inputs, 5 samples)", true);
        yield return (Random(2, 4, 4, 731), CheckData.Matrix(2, 1, 737), CheckData.Matrix(1, 1, 738) * 10,
            "a batch of one sample, 2 inputs, 4 and 4 hidden units", true);
        yield return (Random(1, 3, 2, 741).Select(m => m * 15).ToArray(), Matrix<double>.Build.Dense(1, 6, (_, j) => -3 + j * 1.2),
            CheckData.Matrix(1, 6, 748) * 20, "saturated sigmoids (weights up to ±30, x from −3 to 3)", false);
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private static Matrix<double> Columns(Matrix<double> column, int n) => column * Matrix<double>.Build.Dense(1, n, 1.0);

    private static Matrix<double> Forward(Matrix<double>[] p, Matrix<double> x, bool secondSigmoid)
    {
        var n = x.ColumnCount;
        var h1 = (p[0] * x + Columns(p[1], n)).Map(Sigmoid);
        var z2 = p[2] * h1 + Columns(p[3], n);
        return p[4] * (secondSigmoid ? z2.Map(Sigmoid) : z2) + Columns(p[5], n);
    }

    private sealed record Result(Matrix<double> Prediction, double Loss, Dictionary<string, Matrix<double>> Gradient);

    // The independent reference: the library's Affine and Sigmoid layers in the book's (samples, features) layout,
    // fed the transposes, their results transposed back.
    private static Result ByLayers(Matrix<double>[] p, Matrix<double> x, Matrix<double> y)
    {
        Affine Layer(int k) => new(p[k].Transpose(), p[k + 1].Transpose());
        var (affine1, sigmoid1, affine2, sigmoid2, affine3) = (Layer(0), new Layers.Sigmoid(), Layer(2), new Layers.Sigmoid(), Layer(4));
        var prediction = affine3.Forward(sigmoid2.Forward(affine2.Forward(sigmoid1.Forward(affine1.Forward(x.Transpose())))));
        var loss = Losses.HalfMeanSquaredError(prediction, y.Transpose());
        affine1.Backward(sigmoid1.Backward(affine2.Backward(sigmoid2.Backward(affine3.Backward(Losses.HalfMeanSquaredErrorGradient(prediction, y.Transpose()))))));
        return new(prediction.Transpose(), loss, new()
        {
            ["W1"] = affine1.DW!.Transpose(), ["b1"] = affine1.DB!.Transpose(),
            ["W2"] = affine2.DW!.Transpose(), ["b2"] = affine2.DB!.Transpose(),
            ["W3"] = affine3.DW!.Transpose(), ["b3"] = affine3.DB!.Transpose(),
        });
    }

    private enum Slip { None, NoFirstSigmoidDerivative, NoSecondSigmoidDerivative, NoSigmoidDerivative, DerivativeFromZ, W2NotTransposed }

    // The typical wrong backward passes, recomputed on the same data (the learner's layout).
    private static Dictionary<string, Matrix<double>> ByHand(Matrix<double>[] p, Matrix<double> x, Matrix<double> y, Slip slip)
    {
        var n = x.ColumnCount;
        var z1 = p[0] * x + Columns(p[1], n);
        var h1 = z1.Map(Sigmoid);
        var z2 = p[2] * h1 + Columns(p[3], n);
        var h2 = z2.Map(Sigmoid);
        var prediction = p[4] * h2 + Columns(p[5], n);
        Matrix<double> Through(Matrix<double> dh, Matrix<double> z, Matrix<double> h, bool skip) =>
            skip ? dh : slip == Slip.DerivativeFromZ ? dh.PointwiseMultiply(z.Map(v => v * (1 - v))) : dh.PointwiseMultiply(h.Map(v => v * (1 - v)));
        var dy = (prediction - y) / n;
        var dz2 = Through(p[4].Transpose() * dy, z2, h2, slip is Slip.NoSecondSigmoidDerivative or Slip.NoSigmoidDerivative);
        var dh1 = slip == Slip.W2NotTransposed ? p[2] * dz2 : p[2].Transpose() * dz2;
        var dz1 = Through(dh1, z1, h1, slip is Slip.NoFirstSigmoidDerivative or Slip.NoSigmoidDerivative);
        return new()
        {
            ["W1"] = dz1 * x.Transpose(), ["b1"] = dz1.RowSums().ToColumnMatrix(),
            ["W2"] = dz2 * h1.Transpose(), ["b2"] = dz2.RowSums().ToColumnMatrix(),
            ["W3"] = dy * h2.Transpose(), ["b3"] = dy.RowSums().ToColumnMatrix(),
        };
    }

    private static List<(string Hint, Dictionary<string, Matrix<double>> Gradient)> Mistakes(Matrix<double>[] p, Matrix<double> x, Matrix<double> y)
    {
        var list = new List<(string, Dictionary<string, Matrix<double>>)>
        {
            ("σ′ of the first hidden layer is missing: on its way to W1 and b1 the gradient passes through σ(z1) too", ByHand(p, x, y, Slip.NoFirstSigmoidDerivative)),
            ("σ′ of the second hidden layer is missing: on its way to W2, b2 (and on to W1, b1) the gradient passes through σ(z2)", ByHand(p, x, y, Slip.NoSecondSigmoidDerivative)),
            ("σ′ is missing in both hidden layers: the gradient passes through each sigmoid", ByHand(p, x, y, Slip.NoSigmoidDerivative)),
            ("σ′ was computed from z: σ′(z) = σ(z)(1 − σ(z)) uses the sigmoid's output h, not its input z", ByHand(p, x, y, Slip.DerivativeFromZ)),
        };
        if (p[2].RowCount == p[2].ColumnCount)   // only a square W2 lets the untransposed product run
            list.Add(("W2 is not transposed on the way back: an element of h1 reaches z2 through a column of W2, so the product is with W2ᵀ",
                ByHand(p, x, y, Slip.W2NotTransposed)));
        return list;
    }

    private sealed record Returned(Matrix<double> Matrix, Matrix<double> Copy);

    private static T Call<T>(Func<T> call, string what)
    {
        try { return call(); }
        catch (ArgumentException e) when (e.Message.Contains("dimension", StringComparison.OrdinalIgnoreCase) || e is ArgumentOutOfRangeException)
        {
            throw new CheckFailedException(what, "a result", $"{e.GetType().Name}: {e.Message}",
                "a product does not fit: write each product's shapes down. In the (features, samples) layout a layer is W·x + b (W on " +
                "the left, a bias column added to every column); on the way back a weight matrix appears transposed, and a " +
                "weight's gradient is (gradient of the layer's output)·(its input)ᵀ");
        }
    }

    private static Dictionary<string, Returned> Gradient(IHandWrittenNetwork net, Matrix<double> x, Matrix<double> y, string what)
    {
        var result = Call(() => net.Gradient(x, y), what)
            ?? throw new CheckFailedException(what, "gradients by name", "null", "return a dictionary with W1, b1, W2, b2, W3, b3");
        var missing = Names.Where(n => !result.ContainsKey(n) || result[n] is null).ToList();
        if (missing.Count > 0)
            throw new CheckFailedException(what, "entries W1, b1, W2, b2, W3, b3", $"entries {string.Join(", ", result.Keys)}",
                $"no gradient for {string.Join(", ", missing)}: return each parameter's gradient under its name");
        return Names.ToDictionary(n => n, n => new Returned(result[n], result[n].Clone()));
    }

    private static void Compare(Dictionary<string, Returned> got, Dictionary<string, Matrix<double>> expected,
        List<(string Hint, Dictionary<string, Matrix<double>> Gradient)> slips, int samples, string what, Matrix<double>[] p)
    {
        for (var k = 0; k < Names.Length; k++)
        {
            var name = Names[k];
            Expect.Shaped(got[name].Copy, p[k].RowCount, p[k].ColumnCount, $"d{name} of {what}",
                name.StartsWith('b')
                    ? $"d{name} has {name}'s shape: {name} is added to every sample (column), so its gradient sums over the samples — the columns"
                    : $"d{name} has {name}'s shape: write the product's shapes down; one of its factors is transposed");
        }
        foreach (var name in Names)
        {
            var right = expected[name];
            var mistakes = slips.Select(s => new Mistake<Matrix<double>>(s.Hint, s.Gradient[name]))
                .Append(new("the 1/N is missing: the loss is a mean over the N samples, so every gradient carries 1/N (N = the number of columns of x)", right * samples))
                .Append(new("twice too large: the ½ of the loss cancels the 2 of the square", right * 2))
                .Append(new("the sign is flipped: the gradient of the loss with respect to ŷ is positive where ŷ is above y", -right))
                .ToArray();
            Expect.Values(got[name].Copy, right, $"d{name} of {what}", "derive it element by element: write one element as a sum, differentiate, add up over every " +
                "element the parameter reaches, read the result back as a product (lesson 7, section 3)", mistakes);
        }
    }
}
