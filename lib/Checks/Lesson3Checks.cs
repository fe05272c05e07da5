using Backprop.Layers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>Checks of lesson 3's exercises (activation layers on matrices).</summary>
public static class Lesson3Checks
{
    private const string Upstream = "the upstream gradient dout is missing: multiply the local gradient by dout (chain rule)";

    /// <summary>
    /// EXERCISE 3.1: ReLU backward. <paramref name="makeLayer"/> returns a new layer whose Forward is given;
    /// Backward must return dout where x &gt; 0 and 0 where x ≤ 0, as a new matrix (dout unchanged).
    /// </summary>
    public static CheckResult ReluBackward(Func<ILayer> makeLayer) =>
        Exercise.Check("3.1", "ReLU backward", () => new ActivationLayerCheck
        {
            Zeros = [(0, 0), (2, 3)],
            Forward = x => x.Map(v => v > 0 ? v : 0.0),
            Backward = (x, _, d) => Where(x, d, v => v > 0),
            ForwardHint = "Forward is given: out = max(0, x)",
            BackwardHint = "dx = dout where x > 0, 0 where x ≤ 0",
            BackwardMistakes = (x, _, d) =>
            [
                new("the mask is missing: where the input was ≤ 0 the gradient must be blocked (0)", d),
                new("the mask is inverted: pass dout where x > 0 and block it where x ≤ 0", Where(x, d, v => v <= 0)),
                new("x = 0 must be blocked too: the book's mask is x <= 0, so pass dout only where x > 0", Where(x, d, v => v >= 0)),
                new(Upstream + " — the mask alone is the local gradient", x.Map(v => v > 0 ? 1.0 : 0.0)),
                new("the mask comes from Forward's input x, not from dout", d.Map(v => v > 0 ? v : 0.0)),
            ],
        }.Run(makeLayer, 31));

    /// <summary>
    /// EXERCISE 3.2: Sigmoid backward. Forward is given and caches out = σ(x); Backward must return
    /// dout·out·(1 − out) as a new matrix.
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
        }.Run(makeLayer, 32));

    /// <summary>
    /// EXERCISE 3.3: a Tanh layer of the learner's own: Forward out = tanh(x) (cached), Backward dx = dout·(1 − out²),
    /// both returning new matrices.
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
            BackwardHint = "dx = dout · (1 − y²) with y = tanh(x), the output Forward cached",
            BackwardMistakes = (x, y, d) =>
            [
                new("use the cached output y = tanh(x): 1 − y², not 1 − x²", d.PointwiseMultiply(x.Map(v => 1 - v * v))),
                new("square y: tanh′ = 1 − y², not 1 − y", d.PointwiseMultiply(y.Map(v => 1 - v))),
                new("that is the sigmoid's derivative y(1 − y); tanh′ = 1 − y²", d.PointwiseMultiply(y.Map(v => v * (1 - v)))),
                new("the sign is flipped: tanh′ = 1 − y², not y² − 1", d.PointwiseMultiply(y.Map(v => v * v - 1))),
                new(Upstream, y.Map(v => 1 - v * v)),
            ],
        }.Run(makeLayer, 33));

    private static double Sigmoid(double v) => 1.0 / (1.0 + Math.Exp(-v));

    private static Matrix<double> Where(Matrix<double> x, Matrix<double> d, Func<double, bool> pass) =>
        d.Map2((dv, xv) => pass(xv) ? dv : 0.0, x);
}
