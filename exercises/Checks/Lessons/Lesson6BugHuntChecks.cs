using Backprop.Gradients;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>Checks of lesson 6's find-the-bug exercises: a relative-error gradient check, then the mended Affine layer.</summary>
public static class Lesson6BugHuntChecks
{
    /// <summary>
    /// EXERCISE 6.4: a relative-error gradient check. <paramref name="relativeError"/> gets a backprop gradient g and a
    /// numerical one g̃ of the same shape and returns the library's relative error (lesson 6, section 4): the largest over
    /// elements of |g − g̃| / max(1e-8, |g| + |g̃|), leaving both unchanged. Checked on pairs of several shapes (one bad element
    /// among good ones, a zero gradient, opposite signs, entries below the floor, both zero), then for scale independence
    /// (both scaled by 10⁻⁶ … 10⁸). The library's GradientCheck is off limits.
    /// </summary>
    public static CheckResult RelativeErrorCheck(Func<Matrix<double>, Matrix<double>, double> relativeError) =>
        Exercise.Check("6.4", "A relative-error gradient check", () =>
        {
            ArgumentNullException.ThrowIfNull(relativeError);
            LibraryUse.Forbid(relativeError, "write the relative error yourself, element by element: the library's GradientCheck is the answer, not yours",
                typeof(GradientCheck), typeof(GradientCheckEntry), typeof(GradientCheckReport));
            var a = CheckData.Matrix(3, 4, 641);
            var noise = CheckData.Matrix(3, 4, 642) * 1e-6;
            var oneBad = a.Clone();
            oneBad[1, 2] *= 1.5;                                      // one element off by half its size among eleven right ones
            var single = CheckData.Matrix(1, 1, 643);
            var zero = Matrix<double>.Build.Dense(2, 3);
            var b = CheckData.Matrix(2, 3, 644);
            var square = CheckData.Matrix(4, 4, 645);
            var tiny = Matrix<double>.Build.DenseOfArray(new double[,] { { 0, 1e-12, 3e-9 }, { 0.5, 0, -2 } });
            var tinyNumerical = Matrix<double>.Build.DenseOfArray(new double[,] { { 0, 0, 1e-9 }, { 0.5, 0, -2 } });
            var pairs = new (Matrix<double> G, Matrix<double> Numerical, string Label)[]
            {
                (a, a + noise, "g 3×4 and a numerical gradient close to it"),
                (oneBad, a, "g 3×4 with one element off by half its size"),
                (square, 2 * square, "g 4×4 and g̃ = 2g (error 1/3)"),
                (b, zero, "g 2×3 and g̃ = 0 (error 1)"),
                (zero, b, "g = 0 and g̃ 2×3 (error 1)"),
                (single, -single, "1×1 matrices g and g̃ = −g (error 1)"),
                (tiny, tinyNumerical, "2×3 gradients with entries 0, 1e-12 and 3e-9, below the floor 1e-8"),
                (a, a.Clone(), "g and an equal g̃ (error 0)"),
            };
            foreach (var (g, numerical, label) in pairs)
            {
                var (gBefore, nBefore) = (g.Clone(), numerical.Clone());
                var got = relativeError(g, numerical);
                Expect.Unchanged(g, gBefore, "g", "RelativeError wrote into its argument: compute on new matrices");
                Expect.Unchanged(numerical, nBefore, "g̃", "RelativeError wrote into its argument: compute on new matrices");
                var expected = Expect.RelativeError(g, numerical);
                var difference = (g - numerical).PointwiseAbs();
                if (double.IsNaN(got))
                    throw new CheckFailedException($"RelativeError for {label}", Expect.Text(Expect.RelativeError(g, numerical)), "NaN",
                        "the floor 1e-8 is missing or wrong: divide by max(1e-8, |g| + |g̃|), so that entries that are both 0 do not divide 0 by 0");
                var sum = g.PointwiseAbs() + numerical.PointwiseAbs();
                Expect.Value(got, expected, $"RelativeError for {label}", "each element's difference measured against the size of its two numbers (at least 1e-8), and the largest of those",
                    new("that is the largest absolute difference: divide each element's difference by |g| + |g̃| (at least 1e-8) so the measure does not depend on the gradient's scale", difference.Enumerate().Max()),
                    new("that is the mean absolute difference, the book's measure: the verdict takes each element's RELATIVE error, and the largest of them", difference.Enumerate().Average()),
                    new("that is the relative error of the norms, ‖g − g̃‖ / (‖g‖ + ‖g̃‖): one bad element hides among many good ones there — take each element's relative error and the largest", 
                        g.FrobeniusNorm() + numerical.FrobeniusNorm() == 0 ? 0 : (g - numerical).FrobeniusNorm() / (g.FrobeniusNorm() + numerical.FrobeniusNorm())),
                    new("that is the mean of the elements' relative errors: the verdict takes the largest, so one wrong element shows",
                        Enumerable.Range(0, g.RowCount * g.ColumnCount).Average(k => difference.At(k % g.RowCount, k / g.RowCount) / Math.Max(1e-8, sum.At(k % g.RowCount, k / g.RowCount)))),
                    new("the denominator is the larger of |g| and |g̃|: the library (and CS231n's rel_error) divides by their sum, |g| + |g̃|",
                        Enumerable.Range(0, g.RowCount * g.ColumnCount).Max(k => difference.At(k % g.RowCount, k / g.RowCount) / Math.Max(1e-8, Math.Max(Math.Abs(g.At(k % g.RowCount, k / g.RowCount)), Math.Abs(numerical.At(k % g.RowCount, k / g.RowCount)))))),
                    new("the floor 1e-8 is missing or wrong: divide by max(1e-8, |g| + |g̃|), so that entries that are both 0 (or tiny) do not divide by 0",
                        Enumerable.Range(0, g.RowCount * g.ColumnCount).Max(k => difference.At(k % g.RowCount, k / g.RowCount) / sum.At(k % g.RowCount, k / g.RowCount))));
            }

            // Both zero: the gradients agree, and 0/0 must not leak out as NaN.
            var zeroError = relativeError(zero, zero.Clone());
            if (zeroError != 0)
                throw new CheckFailedException("RelativeError when g and g̃ are both zero", "0", Expect.Text(zeroError),
                    "both zero means they agree: the floor 1e-8 in the denominator keeps 0/0 from becoming NaN");

            // Scale independence: the same disagreement, measured at any scale, is the same relative error.
            var baseline = relativeError(a, oneBad);
            foreach (var scale in new[] { 1e-6, 1e3, 1e8 })
            {
                var scaled = relativeError(scale * a, scale * oneBad);
                if (!Expect.Close(scaled, baseline, 0, 1e-9))
                    throw new CheckFailedException($"RelativeError with g and g̃ both multiplied by {scale:G}", $"{Expect.Text(baseline)} (as unscaled)", Expect.Text(scaled),
                        "the measure must not depend on the gradient's scale: divide each element's difference by |g| + |g̃|");
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
                    var error = Expect.RelativeError(analytic, numerical);
                    if (!(error < GradientCheck.OkBelow))
                        throw new CheckFailedException($"relative error of {name} against central differences", $"below {GradientCheck.OkBelow:0e+0} (the library's ok)", Expect.Text(error),
                            $"{name} disagrees with the numerical gradient: look at its line in Backward again");
                }
            }
        });
}
