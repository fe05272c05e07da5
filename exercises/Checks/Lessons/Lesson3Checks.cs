using Backprop.Functions;
using Backprop.Layers;
using System.Reflection;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>Checks of lesson 3's exercises (activation layers on matrices).</summary>
public static class Lesson3Checks
{
    private const string Upstream = "the upstream gradient dout is missing: multiply the local gradient by dout (chain rule)";

    /// <summary>
    /// EXERCISE 3.1: a LeakyReLU layer. <paramref name="makeLayer"/> returns a new layer for a given slope; Forward returns
    /// x where x &gt; 0 and slope·x where x ≤ 0, Backward dout where x &gt; 0 and slope·dout where x ≤ 0 — at the kink
    /// x = 0 the x ≤ 0 side, lesson 3's convention for ReLU — each as a new matrix. Checked for the slopes 0.1, 0.3 and
    /// 0 (plain ReLU), each with zeros in x, twice per Forward, on a batch of one and extreme values, with every matrix
    /// handed in or out left unchanged, and against central differences.
    /// </summary>
    public static CheckResult LeakyRelu(Func<double, ILayer> makeLayer) =>
        Exercise.Check("3.1", "LeakyReLU layer", () =>
        {
            ArgumentNullException.ThrowIfNull(makeLayer);
            foreach (var (slope, seed) in new[] { (0.1, 31), (0.3, 131), (0.0, 231) })
            {
                var s = slope.ToString(System.Globalization.CultureInfo.InvariantCulture);
                new ActivationLayerCheck
                {
                    Zeros = [(0, 0), (2, 3)],
                    Forward = x => x.Map(v => v > 0 ? v : slope * v),
                    Backward = (x, _, d) => d.Map2((dv, xv) => xv > 0 ? dv : slope * dv, x),
                    ForwardHint = $"out = x where x > 0 and slope · x where x ≤ 0, with the slope the layer was made with (here {s})",
                    BackwardHint = $"find the local gradient on each side of 0 (the slope of each piece; here slope = {s}) and multiply dout by it; x = 0 takes the x ≤ 0 side",
                    ForwardMistakes = x =>
                    [
                        new($"negative inputs must give slope · x (slope = {s}), not 0: that is ReLU", x.Map(v => v > 0 ? v : 0.0)),
                        new($"the slope belongs to the negative side: out = x where x > 0, slope · x where x ≤ 0 (slope = {s})", x.Map(v => v > 0 ? slope * v : v)),
                        new($"the slope is the layer's parameter (here {s}), not a fixed 0.01", x.Map(v => v > 0 ? v : 0.01 * v)),
                        new("Forward returned its input unchanged: negative entries must be multiplied by the slope", x),
                    ],
                    BackwardMistakes = (x, _, d) =>
                    [
                        new($"the slope is missing where x ≤ 0: there the local gradient is the slope ({s}), so dx = slope · dout", d),
                        new($"where x ≤ 0 the gradient is not blocked as in ReLU: LeakyReLU's local gradient there is the slope ({s})", Where(x, d, v => v > 0)),
                        new($"the slope belongs to the x ≤ 0 side: pass dout where x > 0, slope · dout where x ≤ 0 (slope = {s})", d.Map2((dv, xv) => xv > 0 ? slope * dv : dv, x)),
                        new("x = 0 takes the x ≤ 0 side (lesson 3's convention for ReLU's kink): there dx = slope · dout", d.Map2((dv, xv) => xv >= 0 ? dv : slope * dv, x)),
                        new($"the slope is the layer's parameter (here {s}), not a fixed 0.01", d.Map2((dv, xv) => xv > 0 ? dv : 0.01 * dv, x)),
                        new(Upstream + " — the local gradient alone is not dx", x.Map(v => v > 0 ? 1.0 : slope)),
                        new("which side of 0 an entry is on comes from Forward's input x, not from dout", d.Map(v => v > 0 ? v : slope * v)),
                    ],
                }.Run(() => makeLayer(slope), seed);
            }
        });

    /// <summary>
    /// EXERCISE 3.2: a Softplus layer, out = log(1 + eˣ). Forward and Backward both return new matrices, finite for every
    /// finite x: the check feeds x = ±800 and ±30 (where eˣ overflows or log(1 + eˣ) loses its small part) and 0, besides
    /// the contract stages of 3.1 and central differences.
    /// </summary>
    public static CheckResult SoftplusLayer(Func<ILayer> makeLayer) =>
        Exercise.Check("3.2", "A Softplus layer", () => new ActivationLayerCheck
        {
            Forward = x => x.Map(Softplus),
            Backward = (x, _, d) => d.PointwiseMultiply(x.Map(Sigmoid)),
            Extremes =
            [
                Matrix<double>.Build.DenseOfArray(new double[,] { { -800, -30, 0, 30, 800 } }),
                Matrix<double>.Build.DenseOfArray(new double[,] { { 8, -8 }, { 0.5, 0 }, { -710, 710 } }),
            ],
            ForwardHint = "out = log(1 + eˣ) for every element, finite for every finite x",
            ForwardNotFiniteHint = "exp(x) overflows a double above x ≈ 709 (it becomes ∞, and so does log(1 + ∞)): for x > 0, take eˣ out of the sum inside the log, so that exp only ever sees −|x|",
            ForwardMistakes = x =>
            [
                new("that is ReLU, max(0, x): softplus is smooth, log(1 + eˣ), and positive everywhere", x.Map(v => Math.Max(0, v))),
                new("the 1 inside the log is missing: log(eˣ) is just x", x),
                new("that is log(1 + e⁻ˣ): the exponent is +x", x.Map(v => Softplus(-v))),
            ],
            BackwardHint = "go through the graph e = exp(x), s = 1 + e, y = log(s): multiply dout by each node's local gradient, and write the result so that no exp of a large positive number is computed",
            BackwardNotFiniteHint = "a quotient of two exponentials overflows to ∞/∞ = NaN for large x: rewrite it (divide above and below by the same exponential) so that exp only ever sees a number ≤ 0",
            BackwardMistakes = (x, y, d) =>
            [
                new(Upstream, x.Map(Sigmoid)),
                new("the exp node's local gradient is missing: the log node's 1/s alone gives dout / (1 + eˣ)", d.PointwiseMultiply(x.Map(v => Sigmoid(-v)))),
                new("the log node's local gradient is 1/s with s = 1 + eˣ, its input — it is missing here", d.PointwiseMultiply(x.Map(Math.Exp))),
                new("the log node's local gradient is 1 over its input s = 1 + eˣ, not over its output y", d.PointwiseMultiply(x.Map(Math.Exp)).PointwiseDivide(y)),
                new("that is the sigmoid's derivative written with y; here y = log(1 + eˣ), so build the local gradient from the graph", d.PointwiseMultiply(y.Map(v => v * (1 - v)))),
            ],
        }.Run(makeLayer, 32));

    /// <summary>
    /// EXERCISE 3.3: a Tanh layer of the learner's own: Forward out = tanh(x) (cached), Backward dx = dout·(1 − out²),
    /// both returning new matrices; the same contract stages as 3.1.
    /// </summary>
    public static CheckResult TanhLayer(Func<ILayer> makeLayer) =>
        Exercise.Check("3.3", "A Tanh layer of your own", () => new ActivationLayerCheck
        {
            Forward = x => x.Map(Math.Tanh),
            Backward = (_, y, d) => d.PointwiseMultiply(y.Map(v => 1 - v * v)),
            ForwardHint = "out = tanh(x) for every element (Math.Tanh)",
            ForwardMistakes = x =>
            [
                new("that is the sigmoid; the Tanh layer computes Math.Tanh(x)", x.Map(Sigmoid)),
                new("Forward returned its input unchanged: apply Math.Tanh to every element", x),
            ],
            BackwardHint = "differentiate tanh (the hint under the exercise shows two ways) and write the result with the output y that Forward cached; then multiply by dout",
            BackwardMistakes = (x, y, d) =>
            [
                new("use the cached output y = tanh(x): 1 − y², not 1 − x²", d.PointwiseMultiply(x.Map(v => 1 - v * v))),
                new("square y: tanh′ = 1 − y², not 1 − y", d.PointwiseMultiply(y.Map(v => 1 - v))),
                new("that is the sigmoid's derivative y(1 − y); tanh′ = 1 − y²", d.PointwiseMultiply(y.Map(v => v * (1 - v)))),
                new("the sign is flipped: tanh′ = 1 − y², not y² − 1", d.PointwiseMultiply(y.Map(v => v * v - 1))),
                new(Upstream, y.Map(v => 1 - v * v)),
            ],
        }.Run(makeLayer, 33));

    /// <summary>
    /// EXERCISE 3.4: SiLU, y = x·σ(x), through its graph a = −x, e = exp(a), s = 1 + e, g = 1/s, y = x·g, with x feeding
    /// both the ×(−1) node and the × node. Forward is given; Backward leaves ∂L/∂g, ∂L/∂s, ∂L/∂e and ∂L/∂a in DG, DS, DE
    /// and DA and returns dx = ∂L/∂x, the sum over both paths. Each of them is checked on its own (two wrong signs
    /// cannot cancel), then the layer contract of 3.1, then central differences. The library's sigmoid is off limits.
    /// </summary>
    public static CheckResult SiluGraph(Func<ISiluGraph> makeLayer) =>
        Exercise.Check("3.4", "SiLU through its graph", () =>
        {
            ArgumentNullException.ThrowIfNull(makeLayer);
            MemberInfo[] offLimits =
            [
                typeof(Sigmoid),
                typeof(Activations).GetMethod(nameof(Activations.SigmoidDerivative))!,
                typeof(Activations).GetMethod(nameof(Activations.Sigmoid), [typeof(double)])!,
                typeof(Activations).GetMethod(nameof(Activations.Sigmoid), [typeof(Matrix<double>)])!,
            ];
            const string OffLimitsHint = "go back through the five nodes yourself; the library's sigmoid skips the derivation";
            foreach (var (rows, columns, seed, scale) in new[] { (3, 4, 34, 2.0), (1, 5, 35, -0.5) })
            {
                var layer = makeLayer() ?? throw new CheckFailedException("the layer", "a new layer", "null", "the factory must return a new layer, e.g. () => new GraphSilu()");
                LibraryUse.Forbid(layer, OffLimitsHint, offLimits);
                var x = CheckData.Matrix(rows, columns, seed) * 2;
                var dout = CheckData.Matrix(rows, columns, seed + 1) * scale;
                var (xBefore, doutBefore) = (x.Clone(), dout.Clone());
                layer.Forward(x);
                var dx = layer.Backward(dout);
                var size = $"{rows}×{columns}";
                var g = xBefore.Map(Sigmoid);
                var e = xBefore.Map(v => Math.Exp(-v));
                var s = e + 1.0;
                var y = xBefore.PointwiseMultiply(g);
                var dG = doutBefore.PointwiseMultiply(xBefore);
                var dS = -dG.PointwiseMultiply(g).PointwiseMultiply(g);
                var dE = dS;
                var dA = dE.PointwiseMultiply(e);
                var direct = doutBefore.PointwiseMultiply(g);
                Expect.Unchanged(dout, doutBefore, "dout", "Backward wrote into dout, the caller's matrix: compute new matrices");
                var got = NodeGradient(layer.DG, rows, columns, "DG", size);
                Expect.Values(got, dG, $"DG = ∂L/∂g for a {size} batch",
                    "g is one input of the × node y = x·g (lesson 2's multiply layer): its local gradient, times dout",
                    new("the × node's local gradient for its input g is the OTHER input, x (lesson 2's multiply layer), not g", direct),
                    new("the × node's local gradient for its input g is the other input x, not the output y", doutBefore.PointwiseMultiply(y)),
                    new(Upstream, xBefore));
                got = NodeGradient(layer.DS, rows, columns, "DS", size);
                Expect.Values(got, dS, $"DS = ∂L/∂s for a {size} batch",
                    "the 1/s node is a division with numerator 1 (exercise 2.3): its local gradient, written with its output g, times DG",
                    new("the sign of the 1/s node is flipped: a larger s makes 1/s smaller, so its local gradient is negative", -dS),
                    new("the 1/s node's local gradient is −1/s², which is −g² with g = 1/s — not −g", -dG.PointwiseMultiply(g)),
                    new("the 1/s node's local gradient is −1/s² (= −g²), not −s²", -dG.PointwiseMultiply(s).PointwiseMultiply(s)),
                    new("the 1/s node multiplies the gradient arriving at g, DG, not dout", -doutBefore.PointwiseMultiply(g).PointwiseMultiply(g)));
                got = NodeGradient(layer.DE, rows, columns, "DE", size);
                Expect.Values(got, dE, $"DE = ∂L/∂e for a {size} batch",
                    "the +1 node adds a constant: its local gradient is 1, so it hands DS on unchanged",
                    new("the +1 node's local gradient is 1: it hands DS on unchanged, not multiplied by s", dS.PointwiseMultiply(s)),
                    new("the +1 node's local gradient is 1: it hands DS on unchanged, not multiplied by e", dS.PointwiseMultiply(e)));
                got = NodeGradient(layer.DA, rows, columns, "DA", size);
                Expect.Values(got, dA, $"DA = ∂L/∂a for a {size} batch",
                    "the exp node's local gradient is the derivative of exp at its input a — which is its own output e",
                    new("the exp node's local gradient is exp(a) = e, the node's output, not its input a", dE.PointwiseMultiply(-xBefore)),
                    new("the exp node's local gradient is missing: multiply DE by exp(a) = e", dE),
                    new("the exp node's local gradient is exp(a) with a = −x, not exp(x)", dE.PointwiseMultiply(xBefore.PointwiseExp())));
                Expect.Values(dx, direct - dA, $"dx = Backward(dout) for a {size} batch",
                    "x feeds two nodes, the × node and the ×(−1) node: dx is the sum of the gradients coming back along both edges",
                    new("x feeds two nodes: the path through the sigmoid's nodes (−1 times DA) is missing from dx", direct),
                    new("x feeds two nodes: the direct path through the × node (its local gradient for x is the other input, g) is missing from dx", -dA),
                    new("the ×(−1) node is missing: its local gradient −1 flips the sign of DA before it is added", direct + dA),
                    new("the × node's local gradient for x is the other input g, not x", doutBefore.PointwiseMultiply(xBefore) - dA));
                Expect.Unchanged(x, xBefore, "x", "the layer wrote into its input x: compute new matrices");
            }
            new ActivationLayerCheck
            {
                Forward = x => x.Map(v => v * Sigmoid(v)),
                Backward = (x, _, d) => d.PointwiseMultiply(x.Map(v => Sigmoid(v) * (1 + v * (1 - Sigmoid(v))))),
                ForwardHint = "Forward is given: a = −x, e = exp(a), s = 1 + e, g = 1/s, y = x·g",
                BackwardHint = "chain the nodes' local gradients, last node first, and add the two paths that meet at x",
                BackwardMistakes = (x, _, d) =>
                [
                    new("x feeds two nodes: the path through the sigmoid's nodes is missing from dx", d.PointwiseMultiply(x.Map(Sigmoid))),
                    new(Upstream + " — the first node back (×) multiplies dout by its local gradient", x.Map(v => Sigmoid(v) * (1 + v * (1 - Sigmoid(v))))),
                ],
                Forbidden = offLimits,
                ForbiddenHint = OffLimitsHint,
            }.Run(() => makeLayer(), 36);
        });

    private static Matrix<double> NodeGradient(Matrix<double>? got, int rows, int columns, string name, string size)
    {
        if (got is null) throw new CheckFailedException($"{name} after Backward(dout) for a {size} batch", "a matrix", "null", $"Backward must set {name}, the gradient at that node's input");
        Expect.Shaped(got, rows, columns, $"{name} for a {size} batch", "every node works element by element: its gradient has the shape of x");
        return got;
    }

    private static double Sigmoid(double v) => v >= 0 ? 1.0 / (1.0 + Math.Exp(-v)) : Math.Exp(v) / (1.0 + Math.Exp(v));

    /// <summary>log(1 + eˣ) without overflow: max(x, 0) + log(1 + e^−|x|).</summary>
    private static double Softplus(double v) => Math.Max(v, 0) + double.LogP1(Math.Exp(-Math.Abs(v)));

    private static Matrix<double> Where(Matrix<double> x, Matrix<double> d, Func<double, bool> pass) =>
        d.Map2((dv, xv) => pass(xv) ? dv : 0.0, x);
}
