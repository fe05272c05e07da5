namespace Backprop.Checks;

/// <summary>Checks of lesson 2's exercises (multiplication, addition and division layers).</summary>
public static class Lesson2Checks
{
    private const string Upstream = "the upstream gradient dout is missing: multiply the local gradient by dout (chain rule)";

    /// <summary>
    /// EXERCISE 2.1: MulLayer backward. <paramref name="makeLayer"/> returns a new layer; its Backward must return
    /// (dout·y, dout·x) for the inputs of the latest Forward. Checked on the apple numbers (100 × 2, dout 1.1 → 2.2, 110),
    /// seeded random inputs and central differences.
    /// </summary>
    public static CheckResult MulLayerBackward(Func<IBinaryLayer> makeLayer) =>
        Exercise.Check("2.1", "MulLayer backward", () => new BinaryLayerCheck
        {
            Forward = (x, y) => x * y,
            Backward = (x, y, d) => (d * y, d * x),
            ForwardHint = "Forward is given: it must return x · y and store both inputs",
            BackwardHint = "dx = dout · y and dy = dout · x, with x and y from the latest Forward",
            DxMistakes = (x, y, d) => [new("a multiplication node swaps its inputs: dx = dout · y, not dout · x", d * x), new(Upstream, y), new("that is AddLayer's rule: multiplication scales dout by the other input", d)],
            DyMistakes = (x, y, d) => [new("a multiplication node swaps its inputs: dy = dout · x, not dout · y", d * y), new(Upstream, x), new("that is AddLayer's rule: multiplication scales dout by the other input", d)],
            Forbidden = [typeof(Scalar.MulLayer)],
            ForbiddenHint = "MyMulLayer must compute its gradients itself; handing the work to the library's MulLayer skips the exercise",
        }.Run(makeLayer, 21));

    /// <summary>
    /// EXERCISE 2.2: AddLayer backward. Its Backward must return (dout, dout): addition passes the gradient
    /// through unchanged to both inputs. Checked on fixed and seeded random inputs and central differences.
    /// </summary>
    public static CheckResult AddLayerBackward(Func<IBinaryLayer> makeLayer) =>
        Exercise.Check("2.2", "AddLayer backward", () => new BinaryLayerCheck
        {
            Forward = (x, y) => x + y,
            Backward = (x, y, d) => (d, d),
            ForwardHint = "Forward is given: it must return x + y",
            BackwardHint = "addition passes dout through unchanged: dx = dy = dout",
            DxMistakes = (x, y, d) => [new(Upstream + "; the local gradient of x + y is 1", 1), new("that is MulLayer's rule: addition does not multiply by the other input", d * y), new("addition does not split the gradient: each input gets all of dout", d / 2)],
            DyMistakes = (x, y, d) => [new(Upstream + "; the local gradient of x + y is 1", 1), new("that is MulLayer's rule: addition does not multiply by the other input", d * x), new("addition does not split the gradient: each input gets all of dout", d / 2)],
            Forbidden = [typeof(Scalar.AddLayer)],
            ForbiddenHint = "MyAddLayer must compute its gradients itself; handing the work to the library's AddLayer skips the exercise",
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
        }.Run(makeLayer, 23));
}
