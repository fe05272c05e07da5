using Backprop.Gradients;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>Checks of lesson 6's find-the-bug exercises: a relative-error gradient check, then the mended Affine layer.</summary>
public static class Lesson6BugHuntChecks
{
    /// <summary>The relative error ‖a − b‖ / (‖a‖ + ‖b‖) with Frobenius norms; 0 when both are zero.</summary>
    internal static double RelativeError(Matrix<double> a, Matrix<double> b)
    {
        var scale = a.FrobeniusNorm() + b.FrobeniusNorm();
        return scale == 0 ? 0 : (a - b).FrobeniusNorm() / scale;
    }

    /// <summary>
    /// EXERCISE 6.4: a relative-error gradient check. <paramref name="relativeError"/> gets a backprop gradient g and a
    /// numerical one g̃ of the same shape and returns ‖g − g̃‖ / (‖g‖ + ‖g̃‖) (Frobenius norms), 0 when both are zero,
    /// leaving both unchanged. Checked on pairs of several shapes, then for scale independence (both scaled by 10⁻⁶ … 10⁸).
    /// </summary>
    public static CheckResult RelativeErrorCheck(Func<Matrix<double>, Matrix<double>, double> relativeError) =>
        Exercise.Check("6.4", "A relative-error gradient check", () =>
        {
            ArgumentNullException.ThrowIfNull(relativeError);
            LibraryUse.Reject(relativeError.Method.Module.Assembly, ["Backprop.Gradients"], [], "write the relative error yourself, with MathNet's norms");
            var a = CheckData.Matrix(3, 4, 641);
            var noise = CheckData.Matrix(3, 4, 642) * 1e-3;
            var single = CheckData.Matrix(1, 1, 643);
            var zero = Matrix<double>.Build.Dense(2, 3);
            var b = CheckData.Matrix(2, 3, 644);
            var square = CheckData.Matrix(4, 4, 645);
            var pairs = new (Matrix<double> G, Matrix<double> Numerical, string Label)[]
            {
                (a, a + noise, "g 3×4 and a numerical gradient close to it"),
                (square, 2 * square, "g 4×4 and g̃ = 2g (error 1/3)"),
                (b, zero, "g 2×3 and g̃ = 0 (error 1)"),
                (zero, b, "g = 0 and g̃ 2×3 (error 1)"),
                (single, -single, "1×1 matrices g and g̃ = −g (error 1)"),
                (a, a.Clone(), "g and an equal g̃ (error 0)"),
            };
            foreach (var (g, numerical, label) in pairs)
            {
                var (gBefore, nBefore) = (g.Clone(), numerical.Clone());
                var got = relativeError(g, numerical);
                Expect.Unchanged(g, gBefore, "g", "RelativeError wrote into its argument: compute on new matrices");
                Expect.Unchanged(numerical, nBefore, "g̃", "RelativeError wrote into its argument: compute on new matrices");
                var difference = (g - numerical).FrobeniusNorm();
                var (normG, normN) = (g.FrobeniusNorm(), numerical.FrobeniusNorm());
                var expected = RelativeError(g, numerical);
                Expect.Value(got, expected, $"RelativeError for {label}", "‖g − g̃‖ / (‖g‖ + ‖g̃‖), each ‖·‖ the square root of the sum of squared elements",
                    new("that is the absolute error ‖g − g̃‖: divide by ‖g‖ + ‖g̃‖ so the measure does not depend on the gradient's scale", difference),
                    new("the denominator has one norm only: divide by ‖g‖ + ‖g̃‖ (either gradient may be zero)", normN == 0 ? double.PositiveInfinity : difference / normN),
                    new("the denominator has one norm only: divide by ‖g‖ + ‖g̃‖ (either gradient may be zero)", normG == 0 ? double.PositiveInfinity : difference / normG),
                    new("that is the mean absolute difference: use norms, ‖g − g̃‖ / (‖g‖ + ‖g̃‖)", (g - numerical).PointwiseAbs().Enumerate().Average()),
                    new("squared norms: take the square root of each sum of squares", normG + normN == 0 ? 0 : difference * difference / (normG * normG + normN * normN)));
            }

            // Both zero: the gradients agree, and 0/0 must not leak out as NaN.
            var zeroError = relativeError(zero, zero.Clone());
            if (zeroError != 0)
                throw new CheckFailedException("RelativeError when g and g̃ are both zero", "0", Expect.Text(zeroError),
                    "both zero means they agree: return 0 instead of dividing 0 by 0");

            // Scale independence: the same disagreement, measured at any scale, is the same relative error.
            var baseline = relativeError(a, a + noise);
            foreach (var scale in new[] { 1e-6, 1e3, 1e8 })
            {
                var scaled = relativeError(scale * a, scale * (a + noise));
                if (!Expect.Close(scaled, baseline, 0, 1e-9))
                    throw new CheckFailedException($"RelativeError with g and g̃ both multiplied by {scale:G}", $"{Expect.Text(baseline)} (as unscaled)", Expect.Text(scaled),
                        "the measure must not depend on the gradient's scale: divide the difference's norm by ‖g‖ + ‖g̃‖");
            }
        });

    /// <summary>
    /// EXERCISE 6.5: the mended Affine layer. <paramref name="makeLayer"/> gets (W, b) and returns a new layer whose Forward
    /// is given; Backward must set DW (W's shape) and DB (1×out) and return dx (x's shape), new matrices, leaving dout, x,
    /// W and b unchanged. Checked with square weights (where the planted mistake fits), a batch of one, non-square shapes,
    /// two forward and backward passes per layer, and against central differences by relative error.
    /// </summary>
    public static CheckResult MendedAffine(Func<Matrix<double>, Matrix<double>, IAffineLayer> makeLayer) =>
        Exercise.Check("6.5", "The mended Affine layer", () =>
        {
            ArgumentNullException.ThrowIfNull(makeLayer);
            foreach (var (n, d, h, seed) in new[] { (3, 4, 4, 651), (4, 4, 4, 652), (1, 3, 2, 653), (5, 2, 3, 654) })
            {
                var label = $"x {n}×{d}, W {d}×{h}";
                var w = CheckData.Matrix(d, h, seed);
                var b = CheckData.Matrix(1, h, seed + 10);
                var (wBefore, bBefore) = (w.Clone(), b.Clone());
                var layer = makeLayer(w, b)
                    ?? throw new CheckFailedException("the layer", "a new layer", "null", "the factory must return a new layer, e.g. (w, b) => new MendedAffine(w, b)");
                LibraryUse.Reject(layer.GetType().Assembly, ["Backprop.Layers", "Backprop.Networks"], [], "mend the layer's own Backward with MathNet operations, not the library's Affine");
                Matrix<double>? previousDx = null, previousDxValue = null;
                for (var pass = 0; pass < 2; pass++)
                {
                    // A second pass on a new batch and another upstream gradient: Backward must use the latest Forward.
                    var x = CheckData.Matrix(n, d, seed + 20 + pass);
                    var dout = CheckData.Matrix(n, h, seed + 30 + pass) * (pass == 0 ? 3.0 : -0.5);
                    var (xBefore, doutBefore) = (x.Clone(), dout.Clone());
                    layer.Forward(x);
                    var dx = layer.Backward(dout);
                    var what = $"{label}, pass {pass + 1}";
                    Expect.Unchanged(dout, doutBefore, "dout", "Backward wrote into dout: the caller still uses it; compute new matrices");
                    Expect.Unchanged(x, xBefore, "x", "the layer wrote into its input x");
                    Expect.Unchanged(w, wBefore, "W", "Backward changed W: only an optimiser step changes the weights");
                    Expect.Unchanged(b, bBefore, "b", "Backward changed b: only an optimiser step changes the bias");
                    if (previousDx is not null) Expect.Unchanged(previousDx, previousDxValue!, "the dx returned by the first Backward", "Backward reused the matrix it returned before: return a new one each time");

                    Expect.Shaped(dx, n, d, $"dx ({what})", "dx has x's shape (N×in): dx = dout·Wᵀ");
                    Expect.Shaped(layer.DW!, d, h, $"DW ({what})", h == d ? "DW has W's shape" :
                        "DW has W's shape (in×out): the planted product gives out×in, which only fits when W is square");
                    Expect.Shaped(layer.DB!, 1, h, $"DB ({what})", "DB is a 1×out row: one sum per output, over the batch (the rows of dout)");
                    var expectedDx = dout * w.Transpose();
                    var expectedDw = x.Transpose() * dout;
                    var expectedDb = dout.ColumnSums().ToRowMatrix();
                    Expect.Values(dx, expectedDx, $"dx ({what})", "dx = dout·Wᵀ",
                        [.. d == h ? [new Mistake<Matrix<double>>("dx = dout·W fits only a square W: use W's transpose", dout * w)] : Array.Empty<Mistake<Matrix<double>>>(),
                         new("divided by the batch size: the loss layer's (y − t)/N already did, and dout carries it", expectedDx / n)]);
                    Expect.Values(layer.DW!, expectedDw, $"DW ({what})", "DW = xᵀ·dout",
                        [.. d == h ? [new Mistake<Matrix<double>>("DW is transposed — the planted mistake (doutᵀ·x) is still there; it fits only because W is square", dout.Transpose() * x)] : Array.Empty<Mistake<Matrix<double>>>(),
                         new("divided by the batch size: the loss layer's (y − t)/N already did, and dout carries it", expectedDw / n)]);
                    Expect.Values(layer.DB!, expectedDb, $"DB ({what})", "DB = the column sums of dout (a sum over the batch)",
                        new("divided by the batch size: the loss layer's (y − t)/N already did, and dout carries it", expectedDb / n),
                        new("DB is the first row of dout only: sum over every sample of the batch", dout.SubMatrix(0, 1, 0, h)));
                    (previousDx, previousDxValue) = (dx, dx.Clone());
                }
            }

            // Gradient: Backward(dout) against central differences of Σ(Forward(x) ⊙ dout), by relative error.
            {
                var (x, w, b, dout) = (CheckData.Matrix(3, 4, 655), CheckData.Matrix(4, 4, 656), CheckData.Matrix(1, 4, 657), CheckData.Matrix(3, 4, 658) * 2);
                var layer = makeLayer(w, b);
                layer.Forward(x);
                var dx = layer.Backward(dout);
                var (dW, dB) = (layer.DW!.Clone(), layer.DB!.Clone());
                double Projected() => CheckData.Projected(makeLayer(w, b).Forward, x, dout);
                foreach (var (analytic, numerical, name) in new[] { (dx, NumericalGradient.Of(Projected, x), "dx"), (dW, NumericalGradient.Of(Projected, w), "DW"), (dB, NumericalGradient.Of(Projected, b), "DB") })
                {
                    var error = RelativeError(analytic, numerical);
                    if (!(error < 1e-7))
                        throw new CheckFailedException($"relative error of {name} against central differences", "below 1e-7", Expect.Text(error),
                            $"{name} disagrees with the numerical gradient: look at its line in Backward again");
                }
            }
        });
}
