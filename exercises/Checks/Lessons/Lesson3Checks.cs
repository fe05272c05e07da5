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
    /// EXERCISE 3.1: ReLU backward. <paramref name="makeLayer"/> returns a new layer; Forward returns max(0, x) and keeps
    /// what Backward needs, Backward must return dout where x &gt; 0 and 0 where x ≤ 0 (the book's kink convention), as a
    /// new matrix. Checked with zeros in x, twice per Forward, on a batch of one and extreme values, with every matrix
    /// handed in or out left unchanged, without the library's Relu.
    /// </summary>
    public static CheckResult ReluBackward(Func<ILayer> makeLayer) =>
        Exercise.Check("3.1", "ReLU backward", () => new ActivationLayerCheck
        {
            Zeros = [(0, 0), (2, 3)],
            Forward = x => x.Map(v => v > 0 ? v : 0.0),
            Backward = (x, _, d) => Where(x, d, v => v > 0),
            ForwardHint = "out = max(0, x) for every element",
            BackwardHint = "dx = dout where x > 0, 0 where x ≤ 0",
            BackwardMistakes = (x, _, d) =>
            [
                new("the mask is missing: where the input was ≤ 0 the gradient must be blocked (0)", d),
                new("the mask is inverted: pass dout where x > 0 and block it where x ≤ 0", Where(x, d, v => v <= 0)),
                new("x = 0 must be blocked too: the book's mask is x <= 0, so pass dout only where x > 0", Where(x, d, v => v >= 0)),
                new(Upstream + " — the mask alone is the local gradient", x.Map(v => v > 0 ? 1.0 : 0.0)),
                new("the mask comes from Forward's input x, not from dout", d.Map(v => v > 0 ? v : 0.0)),
            ],
            ForwardMistakes = x =>
            [
                new("negative inputs must give 0, not their absolute value: out = max(0, x)", x.Map(Math.Abs)),
                new("Forward returned its input unchanged: negative entries must become 0", x),
            ],
            Forbidden = [typeof(Relu), typeof(Activations).GetMethod(nameof(Activations.ReluDerivative))!],
            ForbiddenHint = "MyRelu must build its own mask; the library's Relu layer (or its ReluDerivative) is the answer, not yours",
        }.Run(makeLayer, 31));

    /// <summary>
    /// EXERCISE 3.2: Sigmoid backward. Forward is given and caches out = σ(x), which is also the matrix it returns;
    /// Backward must return dout·out·(1 − out) as a new matrix, leaving that cache (and so the returned output) unchanged.
    /// </summary>
    public static CheckResult SigmoidBackward(Func<ILayer> makeLayer) =>
        Exercise.Check("3.2", "Sigmoid backward", () => new ActivationLayerCheck
        {
            Forward = x => x.Map(Sigmoid),
            Backward = (_, y, d) => d.PointwiseMultiply(y.Map(v => v * (1 - v))),
            ForwardHint = "Forward is given: out = 1 / (1 + e^−x)",
            BackwardHint = "dx = dout · y · (1 − y) with y the cached output",
            BackwardMistakes = (x, y, d) =>
            [
                new("the sign is flipped: σ′ = y(1 − y), not y(y − 1)", d.PointwiseMultiply(y.Map(v => v * (v - 1)))),
                new(Upstream, y.Map(v => v * (1 - v))),
                new("the factor y is missing: σ′ = y(1 − y)", d.PointwiseMultiply(y.Map(v => 1 - v))),
                new("use the output y = σ(x) in y(1 − y), not the input x", d.PointwiseMultiply(x.Map(v => v * (1 - v)))),
                new("that is tanh's derivative 1 − y²; the sigmoid's is y(1 − y)", d.PointwiseMultiply(y.Map(v => 1 - v * v))),
            ],
            Forbidden = [typeof(Sigmoid), typeof(Activations).GetMethod(nameof(Activations.SigmoidDerivative))!],
            ForbiddenHint = "MySigmoid must compute its local gradient itself; the library's Sigmoid layer (or its SigmoidDerivative) is the answer, not yours",
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
    /// EXERCISE 3.4: the sigmoid through its graph a = −x, e = exp(a), s = e + 1, y = 1/s. Forward is given; Backward goes
    /// back node by node, leaving ∂L/∂s, ∂L/∂e and ∂L/∂a in DSum, DExp and DNeg, and returns dx — which must equal
    /// dout·y(1 − y) although no node uses that formula. Each node's gradient is checked on its own (so two wrong signs
    /// cannot cancel), then the layer contract of 3.1, then central differences. The library's sigmoid derivative is off limits.
    /// </summary>
    public static CheckResult SigmoidGraph(Func<ISigmoidGraph> makeLayer) =>
        Exercise.Check("3.4", "Sigmoid through its graph", () =>
        {
            ArgumentNullException.ThrowIfNull(makeLayer);
            MemberInfo[] offLimits = [typeof(Sigmoid), typeof(Activations).GetMethod(nameof(Activations.SigmoidDerivative))!];
            const string OffLimitsHint = "go through the four nodes yourself; the library's Sigmoid layer (or SigmoidDerivative) skips the derivation";
            foreach (var (rows, columns, seed, scale) in new[] { (3, 4, 34, 2.0), (1, 5, 35, -0.5) })
            {
                var layer = makeLayer() ?? throw new CheckFailedException("the layer", "a new layer", "null", "the factory must return a new layer, e.g. () => new GraphSigmoid()");
                LibraryUse.Forbid(layer, OffLimitsHint, offLimits);
                var x = CheckData.Matrix(rows, columns, seed) * 2;
                var dout = CheckData.Matrix(rows, columns, seed + 1) * scale;
                var (xBefore, doutBefore) = (x.Clone(), dout.Clone());
                layer.Forward(x);
                var dx = layer.Backward(dout);
                var size = $"{rows}×{columns}";
                var y = xBefore.Map(Sigmoid);
                var e = xBefore.Map(v => Math.Exp(-v));
                var dSum = -doutBefore.PointwiseMultiply(y.PointwiseMultiply(y));
                var dExp = dSum;
                var dNeg = dExp.PointwiseMultiply(e);
                Expect.Unchanged(dout, doutBefore, "dout", "Backward wrote into dout, the caller's matrix: compute new matrices");
                var got = NodeGradient(layer.DSum, rows, columns, "DSum", size);
                Expect.Values(got, dSum, $"DSum = ∂L/∂s at the 1/s node, for a {size} batch",
                    "the 1/s node is a division with numerator 1 (exercise 2.3): its local gradient, written with its output y, times dout",
                    new("the sign of the 1/s node is flipped: a larger s makes 1/s smaller, so its local gradient is negative", -dSum),
                    new("the 1/s node's local gradient is −1/s² (as in exercise 2.3 with x = 1), which is −y², not −y", -doutBefore.PointwiseMultiply(y)),
                    new("−1/s² is −y² with y = 1/s the node's output — not −s²", -doutBefore.PointwiseMultiply(y.Map(v => 1 / (v * v)))),
                    new("the upstream gradient dout is missing: multiply the local gradient by dout (chain rule)", -y.PointwiseMultiply(y)));
                got = NodeGradient(layer.DExp, rows, columns, "DExp", size);
                Expect.Values(got, dExp, $"DExp = ∂L/∂e at the +1 node, for a {size} batch",
                    "the +1 node adds a constant: its local gradient is 1, so it hands DSum on unchanged",
                    new("the +1 node's local gradient is 1: it hands DSum on unchanged, not multiplied by s", dSum.PointwiseMultiply(y.Map(v => 1 / v))),
                    new("the +1 node's local gradient is 1: it hands DSum on unchanged, not multiplied by e", dSum.PointwiseMultiply(e)));
                got = NodeGradient(layer.DNeg, rows, columns, "DNeg", size);
                Expect.Values(got, dNeg, $"DNeg = ∂L/∂a at the exp node, for a {size} batch",
                    "the exp node's local gradient is the derivative of exp at its input a — which is its own output e",
                    new("the exp node's local gradient is exp(a) = e, the node's output, not its input a", dExp.PointwiseMultiply(-xBefore)),
                    new("the exp node's local gradient is missing: multiply DExp by exp(a) = e", dExp),
                    new("the exp node's local gradient is exp(a) with a = −x, not exp(x)", dExp.PointwiseMultiply(xBefore.PointwiseExp())));
                Expect.Values(dx, -dNeg, $"dx = Backward(dout) for a {size} batch",
                    "the ×(−1) node's local gradient is the constant −1",
                    new Mistake<Matrix<double>>("the ×(−1) node is missing: its local gradient −1 flips the sign of DNeg", dNeg));
                Expect.Unchanged(x, xBefore, "x", "the layer wrote into its input x: compute new matrices");
            }
            new ActivationLayerCheck
            {
                Forward = x => x.Map(Sigmoid),
                Backward = (_, y, d) => d.PointwiseMultiply(y.Map(v => v * (1 - v))),
                ForwardHint = "Forward is given: a = −x, e = exp(a), s = e + 1, y = 1/s",
                BackwardHint = "chain the four nodes' local gradients, last node first",
                BackwardMistakes = (_, y, d) =>
                [
                    new("the sign is flipped: one of the nodes ×(−1) or 1/s lost its minus sign", -d.PointwiseMultiply(y.Map(v => v * (1 - v)))),
                    new("the upstream gradient dout is missing: the first node back (1/s) multiplies dout by its local gradient", y.Map(v => v * (1 - v))),
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

    private static double Sigmoid(double v) => 1.0 / (1.0 + Math.Exp(-v));

    private static Matrix<double> Where(Matrix<double> x, Matrix<double> d, Func<double, bool> pass) =>
        d.Map2((dv, xv) => pass(xv) ? dv : 0.0, x);
}
