using Backprop.Layers;
using Backprop.Optimizers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>Checks of lesson 9's exercises (Momentum, Adam, He initialisation).</summary>
public static class Lesson9Checks
{
    private delegate Matrix<double> Rule(int k, Matrix<double> w, Matrix<double> g, int t);

    /// <summary>
    /// EXERCISE 9.1: Momentum. <paramref name="makeOptimizer"/> gets (learning rate η, momentum α) and returns a NEW
    /// optimizer whose Update does v ← αv − η·g, W ← W + v for every parameter, in place, with one velocity per parameter
    /// starting at 0. Checked over four steps on three parameters (two of the same shape) for two settings, each on a new
    /// optimizer: the values after every step, the gradients left unchanged, the parameter matrices updated in place.
    /// </summary>
    public static CheckResult Momentum(Func<double, double, IOptimizer> makeOptimizer) =>
        Exercise.Check("9.1", "Momentum", () =>
        {
            ArgumentNullException.ThrowIfNull(makeOptimizer);
            foreach (var (lr, alpha, seed) in new[] { (0.1, 0.9, 81), (0.05, 0.5, 82) })
            {
                var scenario = new OptimizerScenario(steps: 4, seed);
                var call = $"Update of new MyMomentum({lr}, {alpha})";
                Rule Momentum(Matrix<double>[] velocity, double keep, double sign = -1, bool oldVelocity = false) => (k, w, g, _) =>
                {
                    var v = velocity[k];
                    var moved = oldVelocity ? w + v : null;
                    (keep * v + sign * lr * g).CopyTo(v);
                    return moved ?? w + v;
                };
                var expected = scenario.Simulate(Momentum(scenario.Zeros(), alpha).Invoke);
                var mistakes = new (string hint, Matrix<double>[][] values)[]
                {
                    ("the velocity is not remembered: this is plain SGD (W ← W − η·g); keep v for each parameter between calls and start from v ← αv",
                        scenario.Simulate(Momentum(scenario.Zeros(), 0).Invoke)),
                    ("α is missing: v ← αv − η·g keeps only a fraction α of the old velocity",
                        scenario.Simulate(Momentum(scenario.Zeros(), 1).Invoke)),
                    ("the gradient is added: v ← αv − η·g steps AGAINST the gradient",
                        scenario.Simulate(Momentum(scenario.Zeros(), alpha, sign: +1).Invoke)),
                    ("W moved by the old velocity: first update v ← αv − η·g, then W ← W + v with the new v",
                        scenario.Simulate(Momentum(scenario.Zeros(), alpha, oldVelocity: true).Invoke)),
                    ("W1 and W2 share one velocity: keep one v PER PARAMETER (e.g. a dictionary keyed by the Parameter or its name)",
                        scenario.Simulate(Momentum(scenario.SharedByShape(), alpha).Invoke)),
                };
                var optimizer = makeOptimizer(lr, alpha) ?? throw new CheckFailedException("the optimizer", "a new MyMomentum", "null", "the factory must return a new optimizer");
                CompareSteps(scenario, optimizer, call, expected, null, mistakes);
            }
        });

    /// <summary>
    /// EXERCISE 9.2: Adam. <paramref name="makeOptimizer"/> gets (η, β₁, β₂) and returns a NEW optimizer whose Update does,
    /// at step t = 1, 2, …: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², W ← W − η·m̂/(√v̂ + 1e-7) with m̂ = m/(1 − β₁ᵗ),
    /// v̂ = v/(1 − β₂ᵗ), per parameter and in place. The book's equivalent form η_t = η·√(1 − β₂ᵗ)/(1 − β₁ᵗ),
    /// W ← W − η_t·m/(√v + 1e-7) is accepted too. Checked over five steps for three settings of (η, β₁, β₂).
    /// </summary>
    public static CheckResult Adam(Func<double, double, double, IOptimizer> makeOptimizer) =>
        Exercise.Check("9.2", "Adam", () =>
        {
            ArgumentNullException.ThrowIfNull(makeOptimizer);
            foreach (var (lr, beta1, beta2, seed) in new[] { (0.1, 0.9, 0.999, 91), (0.01, 0.5, 0.9, 92), (0.001, 0.8, 0.99, 93) })
            {
                var scenario = new OptimizerScenario(steps: 5, seed);
                var call = $"Update of new MyAdam({lr}, {beta1}, {beta2})";
                Rule Adam(Matrix<double>[] m, Matrix<double>[] v, double b1, double b2, bool correctM = true, bool correctV = true,
                    bool bookForm = false, bool stuckAtFirstStep = false, double sign = -1) => (k, w, g, t) =>
                {
                    if (stuckAtFirstStep) t = 1;
                    (b1 * m[k] + (1 - b1) * g).CopyTo(m[k]);
                    (b2 * v[k] + (1 - b2) * g.PointwiseMultiply(g)).CopyTo(v[k]);
                    if (bookForm)
                    {
                        var lrT = lr * Math.Sqrt(1 - Math.Pow(b2, t)) / (1 - Math.Pow(b1, t));
                        return w + sign * lrT * m[k].PointwiseDivide(v[k].PointwiseSqrt() + Optimizers.Adam.Epsilon);
                    }
                    var mHat = correctM ? m[k] / (1 - Math.Pow(b1, t)) : m[k];
                    var vHat = correctV ? v[k] / (1 - Math.Pow(b2, t)) : v[k];
                    return w + sign * lr * mHat.PointwiseDivide(vHat.PointwiseSqrt() + Optimizers.Adam.Epsilon);
                };
                var expected = scenario.Simulate(Adam(scenario.Zeros(), scenario.Zeros(), beta1, beta2).Invoke);
                var bookForm = scenario.Simulate(Adam(scenario.Zeros(), scenario.Zeros(), beta1, beta2, bookForm: true).Invoke);
                var mistakes = new (string hint, Matrix<double>[][] values)[]
                {
                    ("no bias correction: m and v start at 0, so divide them by 1 − β₁ᵗ and 1 − β₂ᵗ (t = 1, 2, … counts the steps)",
                        scenario.Simulate(Adam(scenario.Zeros(), scenario.Zeros(), beta1, beta2, correctM: false, correctV: false).Invoke)),
                    ("only m is bias-corrected: v̂ = v / (1 − β₂ᵗ) too",
                        scenario.Simulate(Adam(scenario.Zeros(), scenario.Zeros(), beta1, beta2, correctV: false).Invoke)),
                    ("only v is bias-corrected: m̂ = m / (1 − β₁ᵗ) too",
                        scenario.Simulate(Adam(scenario.Zeros(), scenario.Zeros(), beta1, beta2, correctM: false).Invoke)),
                    ("β₂ is not used: the running mean of g² forgets at its own rate, v ← β₂v + (1 − β₂)g²",
                        scenario.Simulate(Adam(scenario.Zeros(), scenario.Zeros(), beta1, beta1).Invoke)),
                    ("the step count t stays 1: count the steps (t = 1, 2, …) and use βᵗ of the current step in the bias correction",
                        scenario.Simulate(Adam(scenario.Zeros(), scenario.Zeros(), beta1, beta2, stuckAtFirstStep: true).Invoke)),
                    ("the sign is flipped: W ← W − η·m̂/(√v̂ + ε) steps against the gradient",
                        scenario.Simulate(Adam(scenario.Zeros(), scenario.Zeros(), beta1, beta2, sign: +1).Invoke)),
                    ("W1 and W2 share m and v: keep them PER PARAMETER (e.g. dictionaries keyed by the Parameter or its name)",
                        scenario.Simulate(Adam(scenario.SharedByShape(), scenario.SharedByShape(), beta1, beta2).Invoke)),
                };
                var optimizer = makeOptimizer(lr, beta1, beta2) ?? throw new CheckFailedException("the optimizer", "a new MyAdam", "null", "the factory must return a new optimizer");
                CompareSteps(scenario, optimizer, call, expected, bookForm, mistakes);
            }
        });

    /// <summary>
    /// EXERCISE 9.3: He initialisation. <paramref name="heInit"/> gets (fanIn, fanOut, random) and returns a NEW fanIn×fanOut
    /// matrix of N(0, 2/fanIn) values drawn from <paramref name="heInit"/>'s random. Checked on shapes with more inputs than
    /// outputs and the other way round: the shape, a new matrix per call drawn from the given random, then on 20,000 values
    /// the standard deviation √(2/fanIn) (within 5 %: the sample standard deviation of n normal values has a relative
    /// standard error of 1/√(2n) = 0.5 %, so 5 % is 10 standard errors, while Xavier's 1/√n is 29 % off), the mean 0
    /// (within 0.05 σ, 7 standard errors) and a normal shape (68.3 % of the values within one σ, ± 2 %; a uniform
    /// distribution has 57.7 %).
    /// </summary>
    public static CheckResult HeInitialization(Func<int, int, Random, Matrix<double>> heInit) =>
        Exercise.Check("9.3", "He initialisation", () =>
        {
            ArgumentNullException.ThrowIfNull(heInit);
            Matrix<double> Call(int fanIn, int fanOut, int seed) =>
                heInit(fanIn, fanOut, new Random(seed)) ?? throw new CheckFailedException($"HeInit({fanIn}, {fanOut}, random)", "a new matrix", "null", "return a new matrix");

            // Shape
            foreach (var (fanIn, fanOut) in new[] { (3, 5), (784, 100), (100, 10), (1, 1) })
                Expect.Shaped(Call(fanIn, fanOut, 1), fanIn, fanOut, $"HeInit({fanIn}, {fanOut}, random)", "W has one row per input and one column per output (the book's layout)");

            // A new matrix every call, drawn from the random it is given.
            var random = new Random(2);
            var first = heInit(10, 20, random);
            var second = heInit(10, 20, random);
            if (ReferenceEquals(first, second) || Expect.Close(first, second))
                throw new CheckFailedException("two calls of HeInit(10, 20, random) with the same random", "two different matrices", "the same values twice",
                    "draw new values at every call (keep no matrix or seed of your own between calls)");
            var again = Call(10, 20, 3);
            if (!Expect.Close(again, Call(10, 20, 3)))
                throw new CheckFailedException("HeInit(10, 20, new Random(3)) called twice", "the same values (the same seed)", "different values",
                    "draw from the Random you are given, not from a new Random() of your own: a seeded run must be reproducible");

            // Values: the statistics of 20,000 draws, with more inputs than outputs and the other way round.
            foreach (var (fanIn, fanOut) in new[] { (50, 400), (400, 50) })
            {
                var values = Call(fanIn, fanOut, fanIn).Enumerate().ToArray();
                var what = $"HeInit({fanIn}, {fanOut}, random), {values.Length:N0} values";
                var sigma = Math.Sqrt(2.0 / fanIn);
                var mean = values.Average();
                var std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
                if (!(Math.Abs(mean) <= 0.05 * sigma))
                    throw new CheckFailedException($"mean of {what}", $"0 ± {Expect.Text(0.05 * sigma)}", Expect.Text(mean),
                        "the weights must be centred on 0 (positive and negative alike), e.g. √(2/n)·StandardNormal(random); not random.NextDouble()");
                if (!(Math.Abs(std / sigma - 1) <= 0.05))
                {
                    var candidates = new (double value, string hint)[]
                    {
                        (Math.Sqrt(1.0 / fanIn), "that is Xavier's 1/√n; ReLU zeroes half of its inputs, so He doubles the variance: √(2/n)"),
                        (Math.Sqrt(2.0 / fanOut), "that is √(2/n) with n = fanOut: n is the number of INPUTS of the layer (the rows of W)"),
                        (2.0 / fanIn, "2/n is the variance; the standard deviation is its square root, √(2/n)"),
                        (1.0, "the values are not scaled: multiply N(0, 1) draws by √(2/n)"),
                        (Math.Sqrt(2.0) / fanIn, "√2/n: the square root belongs over the whole fraction, √(2/n)"),
                    };
                    var hint = candidates.FirstOrDefault(c => Math.Abs(std / c.value - 1) <= 0.05).hint
                        ?? "the standard deviation of He initialisation is √(2/n) with n = fanIn";
                    throw new CheckFailedException($"standard deviation of {what}", $"{Expect.Text(sigma)} ± 5 %", Expect.Text(std), hint);
                }
                var withinOneSigma = values.Count(v => Math.Abs(v - mean) <= std) / (double)values.Length;
                if (!(Math.Abs(withinOneSigma - 0.6827) <= 0.02))
                    throw new CheckFailedException($"share of {what} within one standard deviation of the mean", "0.683 ± 0.02 (a normal distribution)",
                        Expect.Text(withinOneSigma), "draw from a normal (Gaussian) distribution, e.g. Initializers.StandardNormal(random), not a uniform one");
            }
        });

    private static void CompareSteps(OptimizerScenario scenario, IOptimizer optimizer, string call, Matrix<double>[][] expected,
        Matrix<double>[][]? alsoAccepted, (string hint, Matrix<double>[][] values)[] mistakes)
    {
        // Run every step first: some mistakes agree with the right rule (or with each other) at step 1 and part only later,
        // so a mistake is named only when it matches ALL the steps.
        var got = new Matrix<double>[scenario.Steps][];
        var parameterNames = OptimizerScenario.Names;
        scenario.Run(optimizer, call, (step, parameters, _) =>
        {
            for (var k = 0; k < parameters.Length; k++)
                // Shape: Parameter.Data cannot be replaced, so only its contents can be wrong.
                Expect.Shaped(parameters[k].Data, scenario.Initial[k].RowCount, scenario.Initial[k].ColumnCount, $"{parameters[k].Name} after {call}",
                    "an update keeps every parameter's shape");
            got[step - 1] = [.. parameters.Select(p => p.Data.Clone())];
        });
        var unchanged = Enumerable.Range(0, scenario.Steps).Select(_ => scenario.Initial).ToArray();
        (string hint, Matrix<double>[][] values)[] named =
            [("nothing changed: write the new values INTO p.Data (e.g. p.Data.Add(v, p.Data)); a new matrix that is not written back is lost", unchanged),
             .. mistakes];
        bool Matches(Matrix<double>[][] values) =>
            Enumerable.Range(0, scenario.Steps).All(s => Enumerable.Range(0, parameterNames.Length).All(k => Expect.Close(got[s][k], values[s][k])));

        if (alsoAccepted is not null && Matches(alsoAccepted)) return;
        for (var s = 0; s < scenario.Steps; s++)
            for (var k = 0; k < parameterNames.Length; k++)
            {
                if (Expect.Close(got[s][k], expected[s][k])) continue;
                var hint = named.FirstOrDefault(m => Matches(m.values)).hint ?? "compare your update with the formula above, line by line";
                throw new CheckFailedException($"values of {parameterNames[k]} after step {s + 1} of {call}", Expect.Text(expected[s][k]), Expect.Text(got[s][k]), hint);
            }
    }
}
