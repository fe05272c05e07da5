using Backprop.Gradients;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>Checks of lesson 7's sine regression, written by hand in the (features, samples) layout.</summary>
public static class Lesson7Checks
{
    private static readonly string[] Names = ["W1", "b1", "W2", "b2"];

    /// <summary>
    /// EXERCISE 6.6: the sine regression's forward and backward passes. <paramref name="makeNetwork"/> gets (W1 H×1, b1 H×1,
    /// W2 1×H, b2 1×1) and returns a network that uses those very matrices; x and y are 1×N. Predict, Loss = (1/2N)·Σ(ŷ − y)²
    /// and Gradient are checked against a reference on several weight sets (the source's uniform [0, 1) start, a random
    /// one with biases, another hidden size, a batch of one), then against central differences of Loss by relative error.
    /// </summary>
    public static CheckResult SineForwardBackward(Func<Matrix<double>, Matrix<double>, Matrix<double>, Matrix<double>, ISineNetwork> makeNetwork) =>
        Exercise.Check("7.1", "The sine regression's forward and backward passes", () =>
        {
            ArgumentNullException.ThrowIfNull(makeNetwork);
            var grid = Matrix<double>.Build.Dense(1, 100, (_, j) => j / 100.0);
            var sine = grid.Map(v => 20 * Math.Sin(2 * Math.PI * v));
            var random = new Random(660);
            Matrix<double> Uniform(int r, int c) => Matrix<double>.Build.Dense(r, c, (_, _) => random.NextDouble());
            var cases = new (Matrix<double>[] P, Matrix<double> X, Matrix<double> Y, string Label)[]
            {
                ([Uniform(25, 1), Matrix<double>.Build.Dense(25, 1), Uniform(1, 25), Matrix<double>.Build.Dense(1, 1)], grid, sine,
                    "the source's start (W uniform in [0, 1), b = 0) on x = 0, 0.01, …, 0.99"),
                ([CheckData.Matrix(25, 1, 661) * 2, CheckData.Matrix(25, 1, 662), CheckData.Matrix(1, 25, 663), CheckData.Matrix(1, 1, 664)], grid, sine,
                    "random W1, b1, W2, b2 on the sine data"),
                ([CheckData.Matrix(7, 1, 665), CheckData.Matrix(7, 1, 666), CheckData.Matrix(1, 7, 667), CheckData.Matrix(1, 1, 668)],
                    CheckData.Matrix(1, 9, 669), CheckData.Matrix(1, 9, 670) * 5, "7 hidden units on 9 random samples"),
                ([CheckData.Matrix(25, 1, 671), CheckData.Matrix(25, 1, 672), CheckData.Matrix(1, 25, 673), CheckData.Matrix(1, 1, 674)],
                    CheckData.Matrix(1, 1, 675), CheckData.Matrix(1, 1, 676) * 10, "a batch of one sample"),
            };
            foreach (var (p, x, y, label) in cases)
            {
                var given = p.Select(m => m.Clone()).ToArray();
                var net = makeNetwork(given[0], given[1], given[2], given[3])
                    ?? throw new CheckFailedException("the network", "a new network", "null", "the factory must return a new network, e.g. (w1, b1, w2, b2) => new MySineNet(w1, b1, w2, b2)");
                LibraryUse.Reject(net.GetType().Assembly, ["Backprop.Layers", "Backprop.Networks", "Backprop.Training"], [typeof(Functions.Activations), typeof(Functions.Losses)],
                    "write the forward and backward passes yourself with MathNet operations, without the library's layers, networks, activations or losses");
                var reference = Reference(p, x, y);
                var (xBefore, yBefore) = (x.Clone(), y.Clone());

                var prediction = Call(() => net.Predict(x), $"Predict(x) for {label}");
                Expect.Shaped(prediction, 1, x.ColumnCount, $"Predict(x) for {label}", "one output per sample: ŷ is 1×N, like x");
                Expect.Values(prediction, reference.Prediction, $"Predict(x) for {label}", "ŷ = W2·σ(W1·x + b1) + b2, the biases added to every column",
                    new("σ is missing: the hidden layer is σ(W1·x + b1)", p[2] * (p[0] * x + Columns(p[1], x.ColumnCount)) + Columns(p[3], x.ColumnCount)),
                    new("a σ on the output too: the output is linear, ŷ = W2·h + b2", reference.Prediction.Map(Sigmoid)));
                var loss = Call(() => net.Loss(x, y), $"Loss(x, y) for {label}");
                Expect.Value(loss, reference.Loss, $"Loss(x, y) for {label}", "L = (1/2N)·Σ(ŷ − y)², half the mean squared error",
                    new("that is the full mean squared error: the loss here is half of it, (1/2N)·Σ(ŷ − y)²", 2 * reference.Loss),
                    new("the 1/N is missing: the loss is a mean over the N samples", reference.Loss * x.ColumnCount),
                    new("the square root was taken: L = (1/2N)·Σ(ŷ − y)²", Math.Sqrt(reference.Loss)));

                var first = Gradient(net, x, y, $"Gradient(x, y) for {label}");
                Compare(first, reference, $"Gradient(x, y) for {label}", p);
                Expect.Unchanged(x, xBefore, "x", "the network wrote into x: compute new matrices");
                Expect.Unchanged(y, yBefore, "y", "the network wrote into y: compute new matrices");
                for (var k = 0; k < Names.Length; k++)
                    Expect.Unchanged(given[k], p[k], Names[k], $"Gradient changed {Names[k]}: only the training loop's step changes the weights");

                // A second call on other targets: no stale cache, and the first call's matrices stay as they were.
                var y2 = y.Map(v => -0.5 * v + 1);
                var second = Gradient(net, x, y2, $"Gradient(x, y) called again with other targets for {label}");
                Compare(second, Reference(p, x, y2), $"Gradient(x, y) called again with other targets for {label}", p);
                foreach (var name in Names)
                    Expect.Unchanged(first[name].Matrix, first[name].Copy, $"d{name} returned by the first call", "Gradient reused a matrix it returned before: return new matrices each call");

                // Gradient: central differences of the network's own Loss, each parameter nudged in place.
                for (var k = 0; k < Names.Length; k++)
                {
                    var numerical = NumericalGradient.Of(() => net.Loss(x, y), given[k]);
                    var error = Lesson6BugHuntChecks.RelativeError(first[Names[k]].Copy, numerical);
                    if (!(error < 1e-6))
                        throw new CheckFailedException($"relative error of d{Names[k]} against central differences of Loss ({label})", "below 1e-6", Expect.Text(error),
                            $"the backward pass disagrees with the loss; does the network use the matrices it was given (not copies)?");
                }
            }
        });

    private sealed record Result(Matrix<double> Prediction, double Loss, Dictionary<string, Matrix<double>> Exact, Dictionary<string, Matrix<double>> NoSigmoidDerivative);

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private static Matrix<double> Columns(Matrix<double> column, int n) => column * Matrix<double>.Build.Dense(1, n, 1.0);

    private static Result Reference(Matrix<double>[] p, Matrix<double> x, Matrix<double> y)
    {
        var n = x.ColumnCount;
        var hidden = (p[0] * x + Columns(p[1], n)).Map(Sigmoid);
        var prediction = p[2] * hidden + Columns(p[3], n);
        var loss = (prediction - y).PointwisePower(2).Enumerate().Sum() / (2 * n);
        var dy = (prediction - y) / n;
        var dHidden = p[2].Transpose() * dy;
        var dz = dHidden.PointwiseMultiply(hidden.Map(h => h * (1 - h)));
        Dictionary<string, Matrix<double>> Grads(Matrix<double> dzUsed) => new()
        {
            ["W1"] = dzUsed * x.Transpose(), ["b1"] = dzUsed.RowSums().ToColumnMatrix(),
            ["W2"] = dy * hidden.Transpose(), ["b2"] = dy.RowSums().ToColumnMatrix(),
        };
        return new(prediction, loss, Grads(dz), Grads(dHidden));
    }

    private sealed record Returned(Matrix<double> Matrix, Matrix<double> Copy);

    private static T Call<T>(Func<T> call, string what)
    {
        try { return call(); }
        catch (ArgumentException e) when (e.Message.Contains("dimension", StringComparison.OrdinalIgnoreCase) || e is ArgumentOutOfRangeException)
        {
            throw new CheckFailedException(what, "a result", $"{e.GetType().Name}: {e.Message}",
                "a product does not fit: in the (features, samples) layout x is 1×N and the hidden layer is W1·x + b1 (H×N) — W on the left; " +
                "the biases are columns added to every column");
        }
    }

    private static Dictionary<string, Returned> Gradient(ISineNetwork net, Matrix<double> x, Matrix<double> y, string what)
    {
        var result = Call(() => net.Gradient(x, y), what)
            ?? throw new CheckFailedException(what, "gradients by name", "null", "return a dictionary with W1, b1, W2, b2");
        var missing = Names.Where(n => !result.ContainsKey(n) || result[n] is null).ToList();
        if (missing.Count > 0)
            throw new CheckFailedException(what, "entries W1, b1, W2, b2", $"entries {string.Join(", ", result.Keys)}",
                $"no gradient for {string.Join(", ", missing)}: return each parameter's gradient under its name");
        return Names.ToDictionary(n => n, n => new Returned(result[n], result[n].Clone()));
    }

    private static void Compare(Dictionary<string, Returned> got, Result reference, string what, Matrix<double>[] p)
    {
        for (var k = 0; k < Names.Length; k++)
        {
            var name = Names[k];
            Expect.Shaped(got[name].Copy, p[k].RowCount, p[k].ColumnCount, $"d{name} of {what}",
                name.StartsWith('b')
                    ? $"d{name} has {name}'s shape: {name} was added to every sample (column), so its gradient sums over the samples — the columns"
                    : $"d{name} has {name}'s shape; in this layout dW1 = dZ·xᵀ and dW2 = dŷ·hᵀ");
        }
        var n = reference.Prediction.ColumnCount;
        foreach (var name in Names)
        {
            var expected = reference.Exact[name];
            Expect.Values(got[name].Copy, expected, $"d{name} of {what}", "backward from dŷ = (ŷ − y)/N through the output layer, σ and the hidden layer",
                new("σ'(z) = σ(z)(1 − σ(z)) is missing: the gradient passes through the sigmoid on its way to W1 and b1", reference.NoSigmoidDerivative[name]),
                new("the 1/N is missing: dŷ = (ŷ − y)/N, the loss is a mean", expected * n),
                new("twice too large: the ½ of the loss cancels the 2 of the square, dŷ = (ŷ − y)/N", expected * 2),
                new("the sign is flipped: dŷ = (ŷ − y)/N", -expected));
        }
    }
}
