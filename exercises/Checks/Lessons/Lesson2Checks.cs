namespace Backprop.Checks;

/// <summary>Checks of lesson 2's exercises: layers the lesson does not show (max, power, division), derived by its method.</summary>
public static class Lesson2Checks
{
    private const string Upstream = "the upstream gradient dout is missing: multiply the local gradient by dout (chain rule)";

    private const string OwnCode = "compute the gradients yourself: the library's Value records the graph and would do the backward pass for you";

    /// <summary>
    /// EXERCISE 2.1: a max layer, out = max(x, y). Backward sends all of dout to the larger input and 0 to the other;
    /// at a tie (x = y) all of it goes to y (the convention lesson 3's ReLU = max(x, 0) uses at 0). Checked on seeded
    /// inputs at least 0.2 apart, ties (positive, zero, negative), negative inputs, a near-tie of 1e-12, inputs far apart,
    /// negative and tiny dout, twice per Forward, then against central differences away from ties.
    /// </summary>
    public static CheckResult MaxLayer(Func<IBinaryLayer> makeLayer) =>
        Exercise.Check("2.1", "A max layer", () => new BinaryLayerCheck
        {
            First = (5, 3, 1.1),
            RandomInputs = (random, i) =>
            {
                var x = CheckData.Number(random, -3, 3);
                return (x, x + CheckData.Number(random, 0.2, 3) * (i % 2 == 0 ? 1 : -1));
            },
            Extremes = [(2, 2, 1.5), (0, 0, -0.7), (-1.5, -1.5, 0.001), (-4, -1, -2.5), (0, -2, 0.3), (1e-12, 0, 2), (-2.5e5, 40, -3)],
            Forward = Math.Max,
            Backward = (x, y, d) => x > y ? (d, 0) : (0, d),
            ForwardHint = "Forward is given: it must return the larger of x and y and store both inputs",
            BackwardHint = "ask of each input: if it moves by a small h, how much does max(x, y) move? Multiply that by dout; at a tie the contract sends dout to y",
            PairMistakes = (x, y, d) => x == y
                ?
                [
                    ("at a tie (x = y) the contract sends all of dout to y and nothing to x: check which input your comparison picks when x equals y", d, 0),
                    ("at a tie the contract does not split dout: all of it goes to y, none to x", d / 2, d / 2),
                    ("max is not +: only one input gets dout, at a tie y", d, d),
                    (Upstream, 0, 1),
                ]
                :
                [
                    .. (Math.Abs(x - y) < 1e-6
                        ? [($"x and y differ by {Expect.Text(x - y)} here, so this is no tie: compare them exactly, without a tolerance", x > y ? 0 : d, x > y ? d : 0)]
                        : Array.Empty<(string, double, double)>()),
                    (Upstream, x > y ? 1 : 0, x > y ? 0 : 1),
                    ("max is not +: the input max did not choose has no effect on the output, so its gradient is 0", d, d),
                    ("dout goes to the larger input, the one max passes on, not to the smaller one", x > y ? 0 : d, x > y ? d : 0),
                    ("the chosen input's local gradient is 1: max passes dout through unchanged, it does not multiply it by the input", x > y ? d * x : 0, x > y ? 0 : d * y),
                    ("that is MulLayer's rule (dout times the other input); max passes dout unchanged to the larger input only", d * y, d * x),
                ],
            Forbidden = [typeof(Autograd.Value)],
            ForbiddenHint = OwnCode,
        }.Run(makeLayer, 21));

    /// <summary>
    /// EXERCISE 2.2: a power layer, out = x^y (Math.Pow), on the domain x &gt; 0 with any y, x = 0 with a whole y ≥ 1 and
    /// x &lt; 0 with a whole y. Backward returns the partial derivatives times dout; at x = 0, ∂out/∂y is 0 (x^y stays 0
    /// while y moves); at x &lt; 0 it does not exist and must be NaN. Checked on seeded inputs (x in [0.5, 3], y in [−2, 3]),
    /// x = 0, x = 1, y = 0, a square root, negative bases, large and tiny magnitudes, twice per Forward, then against
    /// central differences.
    /// </summary>
    public static CheckResult PowerLayer(Func<IBinaryLayer> makeLayer) =>
        Exercise.Check("2.2", "A power layer", () => new BinaryLayerCheck
        {
            First = (2, 3, 1.1),
            RandomInputs = (random, _) => (CheckData.Number(random, 0.5, 3), CheckData.Number(random, -2, 3)),
            Extremes = [(0, 1, -1.5), (0, 2, 0.7), (0, 3, 2), (3, 0, -2), (1, 7, 0.3), (4, 0.5, 1), (1e-3, 0.5, -0.001),
                (1e3, 2, 1e-3), (-2, 3, 0.5), (-1.5, -2, -1), (-3, 0, 2)],
            Forward = Math.Pow,
            Backward = (x, y, d) => (d * y * Math.Pow(x, y - 1), x < 0 ? double.NaN : x == 0 ? 0 : d * Math.Pow(x, y) * Math.Log(x)),
            ForwardHint = "Forward is given: it must return Math.Pow(x, y) and store both inputs",
            BackwardHint = "derive each local gradient with the other input held constant, multiply it by dout, and confirm it with a central difference at these inputs",
            DxMistakes = (x, y, d) =>
            [
                new(Upstream, y * Math.Pow(x, y - 1)),
                new("with y held constant x^y is a power of x: the power rule lowers the exponent by one", d * y * Math.Pow(x, y)),
                new("with y held constant x^y is a power of x: the power rule brings the exponent down as a factor", d * Math.Pow(x, y - 1)),
                new("dx and dy are swapped: for dx hold y constant", d * Math.Pow(x, y) * Math.Log(x)),
            ],
            DyMistakes = (x, y, d) =>
            [
                new(Upstream, Math.Pow(x, y) * Math.Log(x)),
                new("with x held constant x^y is an exponential in y, not a power of y: the power rule does not apply to dy", d * y * Math.Pow(x, y - 1)),
                new("Math.Log10 is the base-10 logarithm; the derivative of an exponential needs the natural logarithm, Math.Log", d * Math.Pow(x, y) * Math.Log10(x)),
                new("an exponential's derivative keeps the exponential: the factor x^y is missing", d * Math.Log(x)),
            ],
            NaNHint = (name, x, _) => (name, x) switch
            {
                ("dy", 0) => "at x = 0 (y ≥ 1), x^y is 0 for every y near this one, so out does not move when y does: ∂out/∂y is 0. In doubles 0 · ln 0 = 0 · (−∞) = NaN, so x = 0 needs a case of its own",
                ("dx", 0) => "at x = 0 (y ≥ 1) out is x, x², … near x = 0, so ∂out/∂x exists: compute it without dividing by x (0 / 0 is NaN in doubles)",
                _ => null,
            },
            UndefinedHint = "for x < 0, x^y is a real number only when y is a whole number, so out has no derivative with respect to y there: the contract asks for double.NaN",
            Forbidden = [typeof(Autograd.Value)],
            ForbiddenHint = OwnCode,
        }.Run(makeLayer, 22));

    /// <summary>
    /// EXERCISE 2.3: a division layer of the learner's own, out = x / y, with dx = dout / y and dy = −dout·x / y².
    /// Checked on fixed (6 / 3), seeded random and extreme inputs, twice per Forward, then against central differences
    /// of the learner's Forward.
    /// </summary>
    public static CheckResult DivLayer(Func<IBinaryLayer> makeLayer) =>
        Exercise.Check("2.3", "A division layer of your own", () => new BinaryLayerCheck
        {
            First = (6, 3, 1),
            Forward = (x, y) => x / y,
            Backward = (x, y, d) => (d / y, -d * x / (y * y)),
            ForwardHint = "Forward must return x / y and store x and y for Backward",
            BackwardHint = "derive each local gradient with the other input held constant (x/y = x · y⁻¹), then multiply by dout",
            DxMistakes = (x, y, d) => [new("that is MulLayer's rule: ∂(x/y)/∂x = 1/y, so dx = dout / y", d * y), new(Upstream, 1 / y), new("dx and dy are swapped", -d * x / (y * y))],
            DyMistakes = (x, y, d) => [new("the sign is flipped: ∂(x/y)/∂y = −x/y² (dividing by a larger y makes the result smaller)", d * x / (y * y)),
                new("the factor x is missing: ∂(x/y)/∂y = −x/y², not −1/y²", -d / (y * y)),
                new("the square is missing: ∂(x/y)/∂y = −x/y², not −x/y", -d * x / y),
                new(Upstream, -x / (y * y)), new("that is MulLayer's rule: ∂(x/y)/∂y = −x/y²", d * x), new("dx and dy are swapped", d / y)],
            Forbidden = [typeof(Autograd.Value)],
            ForbiddenHint = OwnCode,
        }.Run(makeLayer, 23));
}
