using Backprop.Layers;
using Backprop.Optimizers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>Checks of lesson 9's exercises (RMSProp, Nesterov momentum, initialisation for a leaky ReLU).</summary>
public static class Lesson9Checks
{
    private delegate Matrix<double> Rule(int k, Matrix<double> w, Matrix<double> g, int t);

    /// <summary>
    /// EXERCISE 9.1: RMSProp, as in the book's common/optimizer.py (class RMSprop; Hinton's lecture 6e).
    /// <paramref name="makeOptimizer"/> gets (learning rate η, decay rate ρ) and returns a NEW optimizer whose Update does,
    /// for every parameter, in place, with its own h starting at 0: h ← ρh + (1 − ρ)g², then W ← W − η·g/(√h + 1e-7),
    /// element by element — AdaGrad whose sum of squares forgets (a running mean instead of a sum), without Adam's bias
    /// correction. Checked over five steps on three parameters (W1 and W2 of the same shape, a bias b with tiny gradients;
    /// a gradient entry of 0, a gradient 1000 times larger, an all-zero gradient) for three settings of (η, ρ), each on a
    /// new optimizer, and a second optimizer from the same factory, which must start from scratch.
    /// </summary>
    public static CheckResult RmsProp(Func<double, double, IOptimizer> makeOptimizer) =>
        Exercise.Check("9.1", "RMSProp", () =>
        {
            ArgumentNullException.ThrowIfNull(makeOptimizer);
            foreach (var (lr, rho, seed) in new[] { (0.01, 0.99, 81), (0.1, 0.9, 82), (0.5, 0.5, 83) })
            {
                var scenario = new OptimizerScenario(steps: 5, seed);
                var call = $"Update of new MyRmsProp({lr}, {rho})";
                Rule RmsProp(Matrix<double>[] h, double keep, double add, double sign = -1, bool root = true, bool epsilonInside = false,
                    bool stepWithOldH = false) => (k, w, g, _) =>
                {
                    Matrix<double> Scale(Matrix<double> hk) => epsilonInside ? (hk + AdaGrad.Epsilon).PointwiseSqrt()
                        : root ? hk.PointwiseSqrt() + AdaGrad.Epsilon : hk + AdaGrad.Epsilon;
                    var old = h[k].Clone();
                    (keep * h[k] + add * g.PointwiseMultiply(g)).CopyTo(h[k]);
                    return w + sign * lr * g.PointwiseDivide(Scale(stepWithOldH ? old : h[k]));
                };
                var expected = scenario.Simulate(RmsProp(scenario.Zeros(), rho, 1 - rho).Invoke);
                var mistakes = new (string hint, Matrix<double>[][] values)[]
                {
                    ("h never forgets: that is AdaGrad's sum of squares; RMSProp keeps a running mean that keeps only the share ρ of the old h",
                        scenario.Simulate(RmsProp(scenario.Zeros(), 1, 1).Invoke)),
                    ("the new g² is added whole: in a running mean the new g² gets the weight 1 − ρ that the old h loses",
                        scenario.Simulate(RmsProp(scenario.Zeros(), rho, 1).Invoke)),
                    ("ρ and 1 − ρ are swapped: ρ is the share of the OLD h that is kept, 1 − ρ the weight of the new g²",
                        scenario.Simulate(RmsProp(scenario.Zeros(), 1 - rho, rho).Invoke)),
                    ("the square root is missing: h is a mean of SQUARED gradients, so the step divides by its square root (a root mean square)",
                        scenario.Simulate(RmsProp(scenario.Zeros(), rho, 1 - rho, root: false).Invoke)),
                    ("ε is inside the square root: as in AdaGrad, 1e-7 is added AFTER taking the square root of h",
                        scenario.Simulate(RmsProp(scenario.Zeros(), rho, 1 - rho, epsilonInside: true).Invoke)),
                    ("the step used h from before this update: update h with this step's g² first, then divide by its square root",
                        scenario.Simulate(RmsProp(scenario.Zeros(), rho, 1 - rho, stepWithOldH: true).Invoke)),
                    ("the gradient is added: the step goes AGAINST the gradient",
                        scenario.Simulate(RmsProp(scenario.Zeros(), rho, 1 - rho, sign: +1).Invoke)),
                    ("W1 and W2 share one h: keep one h PER PARAMETER (e.g. a dictionary keyed by the Parameter or its name)",
                        scenario.Simulate(RmsProp(scenario.SharedByShape(), rho, 1 - rho).Invoke)),
                };
                CompareSteps(scenario, () => makeOptimizer(lr, rho), $"new MyRmsProp({lr}, {rho})", call, expected, null, mistakes,
                    "a weight whose gradient is 0 divided 0 by 0: add ε = 1e-7 to the square root of h, as AdaGrad does");
            }
        });

    /// <summary>
    /// EXERCISE 9.2: Nesterov momentum in the form of Bengio et al. 2012 (arXiv:1212.0901, section 3.5), the paper the
    /// book's class Nesterov in common/optimizer.py cites, and the form PyTorch's SGD(nesterov=True) and CS231n use. The
    /// gradient Update is given is taken at the parameters' current values, and the parameters hold the LOOK-AHEAD point
    /// W̃ = W + αv of classic Nesterov momentum (v ← αv − η∇L(W + αv), W ← W + v). So v ← αv − η·g as in Momentum, then
    /// W̃ ← W̃ + α·v − η·g with the new v (equivalently W̃ ← W̃ + α²·v_old − (1 + α)·η·g). The book's code line
    /// applies α² to the NEW velocity instead, which does not keep W̃ the look-ahead point; the check names it.
    /// <paramref name="makeOptimizer"/> gets (η, α) and returns a NEW optimizer with one
    /// velocity per parameter starting at 0, updating in place. Checked over five steps on three parameters (a large and an
    /// all-zero gradient among them) for three settings of (η, α), each on a new optimizer, and a second optimizer from the
    /// same factory, which must start from scratch.
    /// </summary>
    public static CheckResult Nesterov(Func<double, double, IOptimizer> makeOptimizer) =>
        Exercise.Check("9.2", "Nesterov momentum", () =>
        {
            ArgumentNullException.ThrowIfNull(makeOptimizer);
            foreach (var (lr, alpha, seed) in new[] { (0.1, 0.9, 91), (0.05, 0.5, 92), (0.01, 0.99, 93) })
            {
                var scenario = new OptimizerScenario(steps: 5, seed);
                var call = $"Update of new MyNesterov({lr}, {alpha})";
                // The look-ahead point moves by the new velocity plus what the next look-ahead adds: W̃ + v + α·v − α·v_old.
                Rule Nesterov(Matrix<double>[] velocity, double velocityKeep, double oldShare, double gradientShare,
                    double sign = -1) => (k, w, g, _) =>
                {
                    var old = velocity[k].Clone();
                    (velocityKeep * old + sign * lr * g).CopyTo(velocity[k]);
                    return w + oldShare * old + sign * gradientShare * lr * g;
                };
                // The book's code: v ← αv − ηg, then W̃ ← W̃ + α²·v (the new v) − (1 + α)ηg.
                Rule BookLine(Matrix<double>[] velocity) => (k, w, g, _) =>
                {
                    (alpha * velocity[k] - lr * g).CopyTo(velocity[k]);
                    return w + alpha * alpha * velocity[k] - (1 + alpha) * lr * g;
                };
                // Right: W̃ + αv_new − ηg = W̃ + α²v_old − (1 + α)ηg.
                var expected = scenario.Simulate(Nesterov(scenario.Zeros(), alpha, alpha * alpha, 1 + alpha).Invoke);
                var mistakes = new (string hint, Matrix<double>[][] values)[]
                {
                    ("this is plain Momentum (W ← W + v with the new v, or a look-ahead with the old v): Nesterov's parameters hold the " +
                     "look-ahead point, which moves by the new v AND by the change of the look-ahead α·v",
                        scenario.Simulate(Nesterov(scenario.Zeros(), alpha, alpha, 1).Invoke)),
                    ("the gradient's direct step is missing: besides the new velocity's look-ahead, the point also takes this step's −η·g",
                        scenario.Simulate(Nesterov(scenario.Zeros(), alpha, alpha * alpha, alpha).Invoke)),
                    ("that is the line of the book's code, which scales the NEW velocity by α²: it does not keep the stored point at W + αv. " +
                     "Derive the move of the look-ahead point (Bengio et al., whom the book cites, get α times the new velocity, or α² times the old one)",
                        scenario.Simulate(BookLine(scenario.Zeros()).Invoke)),
                    ("the old velocity counts once, not twice: in v it is scaled by α and the look-ahead scales it by α again",
                        scenario.Simulate(Nesterov(scenario.Zeros(), alpha, alpha, 1 + alpha).Invoke)),
                    ("the velocity is not remembered: keep v for each parameter between calls (v ← αv − η·g needs the last v)",
                        scenario.Simulate(Nesterov(scenario.Zeros(), 0, 0, 1 + alpha).Invoke)),
                    ("the gradient is added: the velocity and the step go AGAINST the gradient",
                        scenario.Simulate(Nesterov(scenario.Zeros(), alpha, alpha * alpha, 1 + alpha, sign: +1).Invoke)),
                    ("W1 and W2 share one velocity: keep one v PER PARAMETER (e.g. a dictionary keyed by the Parameter or its name)",
                        scenario.Simulate(Nesterov(scenario.SharedByShape(), alpha, alpha * alpha, 1 + alpha).Invoke)),
                };
                CompareSteps(scenario, () => makeOptimizer(lr, alpha), $"new MyNesterov({lr}, {alpha})", call, expected, null, mistakes, null);
            }
        });

    /// <summary>
    /// EXERCISE 9.3: Initial weights for a leaky ReLU. <paramref name="init"/> gets (fanIn, fanOut, slope, random), where
    /// the layer's activation is the leaky ReLU z = a for a &gt; 0 and z = slope·a otherwise (slope in [0, 1]), and returns a
    /// NEW fanIn×fanOut matrix of normal values with mean 0 and the standard deviation that keeps the mean square of the
    /// layer's outputs the same from layer to layer — lesson 9's argument for He: √(2/((1 + slope²)·fanIn)), drawn from
    /// <paramref name="init"/>'s random (He et al. 2015, eq. 15 for PReLU). Slope 0 is ReLU (He's √(2/n)), slope 1 is no
    /// activation at all (Xavier's 1/√n). Checked on shapes with more inputs than outputs and the other way round: the
    /// shape, a new matrix per call drawn from the given random, then on 20,000 values for slopes 0, 0.5 and 1 the
    /// standard deviation (within 3 %: the sample standard deviation of n normal values has a relative standard error of
    /// 1/√(2n) = 0.5 %, so 3 % is 6 standard errors, while the closest wrong answer checked is 9 % off), the mean 0 (within
    /// 0.05 σ, 7 standard errors) and a normal shape (68.3 % of the values within one σ, ± 2 %; a uniform distribution
    /// has 57.7 %).
    /// </summary>
    public static CheckResult LeakyReluInitialization(Func<int, int, double, Random, Matrix<double>> init) =>
        Exercise.Check("9.3", "Initial weights for a leaky ReLU", () =>
        {
            ArgumentNullException.ThrowIfNull(init);
            Matrix<double> Call(int fanIn, int fanOut, double slope, int seed) =>
                init(fanIn, fanOut, slope, new Random(seed))
                ?? throw new CheckFailedException($"LeakyInit({fanIn}, {fanOut}, {slope}, random)", "a new matrix", "null", "return a new matrix");

            // Shape
            foreach (var (fanIn, fanOut) in new[] { (3, 5), (784, 100), (100, 10), (1, 1) })
                Expect.Shaped(Call(fanIn, fanOut, 0.1, 1), fanIn, fanOut, $"LeakyInit({fanIn}, {fanOut}, 0.1, random)",
                    "W has one row per input and one column per output (the book's layout)");

            // A new matrix every call, drawn from the random it is given.
            var random = new Random(2);
            var first = init(10, 20, 0.1, random);
            var second = init(10, 20, 0.1, random);
            if (ReferenceEquals(first, second) || Expect.Close(first, second))
                throw new CheckFailedException("two calls of LeakyInit(10, 20, 0.1, random) with the same random", "two different matrices",
                    "the same values twice", "draw new values at every call (keep no matrix or seed of your own between calls)");
            if (!Expect.Close(Call(10, 20, 0.1, 3), Call(10, 20, 0.1, 3)))
                throw new CheckFailedException("LeakyInit(10, 20, 0.1, new Random(3)) called twice", "the same values (the same seed)", "different values",
                    "draw from the Random you are given, not from a new Random() of your own: a seeded run must be reproducible");

            // Values: the statistics of 20,000 draws, with more inputs than outputs and the other way round, for three slopes.
            foreach (var (fanIn, fanOut, slope) in new[] { (50, 400, 0.5), (400, 50, 0.0), (400, 50, 1.0), (50, 400, 0.0) })
            {
                var values = Call(fanIn, fanOut, slope, fanIn + (int)(10 * slope)).Enumerate().ToArray();
                var what = $"LeakyInit({fanIn}, {fanOut}, {slope}, random), {values.Length:N0} values";
                var meanSquareKept = (1 + slope * slope) / 2;
                var sigma = Math.Sqrt(1 / (meanSquareKept * fanIn));
                var mean = values.Average();
                var std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
                if (!(Math.Abs(mean) <= 0.05 * sigma))
                    throw new CheckFailedException($"mean of {what}", $"0 ± {Expect.Text(0.05 * sigma)}", Expect.Text(mean),
                        "the weights must be centred on 0 (positive and negative alike), e.g. σ·StandardNormal(random); not random.NextDouble()");
                if (!(Math.Abs(std / sigma - 1) <= 0.03))
                {
                    var candidates = new (double value, string hint)[]
                    {
                        (Math.Sqrt(2.0 / fanIn), "that is He's √(2/n), right only for slope 0: the leaky ReLU's negative side passes slope·a, " +
                            "so the layer keeps more than half of the mean square and the spread must shrink with the slope"),
                        (Math.Sqrt(1 / ((1 + slope) / 2 * fanIn)), "the negative side passes slope·a, whose SQUARE is slope² times a²: " +
                            "the share of the mean square kept depends on slope², not on the slope"),
                        (Math.Sqrt(1 / (meanSquareKept * fanOut)), "n = fanOut: n is the number of INPUTS of the layer (the rows of W)"),
                        (1 / (meanSquareKept * fanIn), "that is the variance; the standard deviation is its square root"),
                        (Math.Sqrt(meanSquareKept / fanIn), "the factor is inverted: the layer passes on only part of the mean square, " +
                            "so the weights' variance must be LARGER than 1/n by the inverse of that part"),
                        (Math.Sqrt(1.0 / ((1 + slope * slope) * fanIn)), "the factor 2 is missing: only HALF of the inputs (the positive " +
                            "ones) pass unchanged, the other half passes scaled by slope"),
                        (1.0, "the values are not scaled: multiply N(0, 1) draws by the standard deviation"),
                    };
                    var hint = candidates.FirstOrDefault(c => Math.Abs(std / c.value - 1) <= 0.03 && Math.Abs(c.value / sigma - 1) > 0.03).hint
                        ?? "follow lesson 9's argument for He: what share of the mean square of a does the leaky ReLU pass on?";
                    throw new CheckFailedException($"standard deviation of {what}", $"{Expect.Text(sigma)} ± 3 %", Expect.Text(std), hint);
                }
                var withinOneSigma = values.Count(v => Math.Abs(v - mean) <= std) / (double)values.Length;
                if (!(Math.Abs(withinOneSigma - 0.6827) <= 0.02))
                    throw new CheckFailedException($"share of {what} within one standard deviation of the mean", "0.683 ± 0.02 (a normal distribution)",
                        Expect.Text(withinOneSigma), "draw from a normal (Gaussian) distribution, e.g. Initializers.StandardNormal(random), not a uniform one");
            }
        });

    private static void CompareSteps(OptimizerScenario scenario, Func<IOptimizer> make, string construction, string call,
        Matrix<double>[][] expected, Matrix<double>[][]? alsoAccepted, (string hint, Matrix<double>[][] values)[] mistakes,
        string? nonFiniteHint)
    {
        // Two optimizers from the factory before either runs: state kept in a static field would carry from one to the other.
        var optimizer = make() ?? throw new CheckFailedException(construction, "a new optimizer", "null", "the factory must return a new optimizer");
        var second = make() ?? throw new CheckFailedException(construction, "a new optimizer", "null", "the factory must return a new optimizer");
        if (ReferenceEquals(optimizer, second))
            throw new CheckFailedException($"{construction}, made twice", "two different optimizers", "the same object twice",
                "return a new optimizer from every call of the factory, with no state yet");
        var got = RunSteps(scenario, optimizer, call);

        var parameterNames = OptimizerScenario.Names;
        var unchanged = Enumerable.Range(0, scenario.Steps).Select(_ => scenario.Initial).ToArray();
        (string hint, Matrix<double>[][] values)[] named =
            [("nothing changed: write the new values INTO p.Data (e.g. p.Data.Subtract(step, p.Data)); a new matrix that is not written back is lost", unchanged),
             .. mistakes];
        bool Matches(Matrix<double>[][] got, Matrix<double>[][] values) =>
            Enumerable.Range(0, scenario.Steps).All(s => Enumerable.Range(0, parameterNames.Length).All(k => Expect.Close(got[s][k], values[s][k])));

        if (alsoAccepted is not null && Matches(got, alsoAccepted)) return;
        for (var s = 0; s < scenario.Steps; s++)
            for (var k = 0; k < parameterNames.Length; k++)
            {
                if (Expect.Close(got[s][k], expected[s][k])) continue;
                var nonFinite = got[s][k].Enumerate().Any(v => !double.IsFinite(v));
                var hint = (nonFinite ? nonFiniteHint : null)
                    ?? named.FirstOrDefault(m => Matches(got, m.values)).hint
                    ?? "compare your update with the contract above, step by step (the check's gradients include a 0 entry, a large one and tiny ones)";
                throw new CheckFailedException($"values of {parameterNames[k]} after step {s + 1} of {call}", Expect.Text(expected[s][k]), Expect.Text(got[s][k]), hint);
            }

        var again = RunSteps(scenario, second, call);
        if (!Matches(again, expected))
            throw new CheckFailedException($"a second {construction}, made before the first one ran, on the same steps",
                "the same values as the first", "different values",
                "the second optimizer continued from the first one's state: keep the state in the instance (not in a static field)");
    }

    // Runs every step first: some mistakes agree with the right rule (or with each other) at step 1 and part only later,
    // so a mistake is named only when it matches ALL the steps.
    private static Matrix<double>[][] RunSteps(OptimizerScenario scenario, IOptimizer optimizer, string call)
    {
        var got = new Matrix<double>[scenario.Steps][];
        scenario.Run(optimizer, call, (step, parameters, _) =>
        {
            for (var k = 0; k < parameters.Length; k++)
                // Shape: Parameter.Data cannot be replaced, so only its contents can be wrong.
                Expect.Shaped(parameters[k].Data, scenario.Initial[k].RowCount, scenario.Initial[k].ColumnCount, $"{parameters[k].Name} after {call}",
                    "an update keeps every parameter's shape");
            got[step - 1] = [.. parameters.Select(p => p.Data.Clone())];
        });
        return got;
    }
}
