using Backprop.Functions;
using Backprop.Gradients;
using Backprop.Layers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>Checks of lesson 5's exercises (a stable softmax, and a loss layer derived by the lesson's method).</summary>
public static class Lesson5Checks
{
    /// <summary>
    /// EXERCISE 5.1: a stable softmax. <paramref name="softmax"/> turns each row of scores (N×K) into probabilities that sum
    /// to 1, subtracting the row's own maximum before exp, as a new matrix. Checked on ordinary scores, on scores of ±1000,
    /// on rows whose values lie thousands apart ([1000, 0, −1000, 500], one huge value) — where shifting by the mean or the
    /// minimum overflows — on a batch of one, on a single class, and on a tie for the maximum and a row of zeros, against <see cref="Activations.Softmax"/>; every earlier
    /// result and every input must stay unchanged. The library's softmax is off limits.
    /// </summary>
    public static CheckResult StableSoftmax(Func<Matrix<double>, Matrix<double>> softmax) =>
        Exercise.Check("5.1", "A stable softmax", () =>
        {
            ArgumentNullException.ThrowIfNull(softmax);
            LibraryUse.Forbid(softmax, "MySoftmax must compute the probabilities itself: the library's softmax is the answer, not yours",
                typeof(Activations).GetMethod(nameof(Activations.Softmax))!, typeof(SoftmaxWithLoss));
            var ordinary = CheckData.Matrix(3, 4, 51) * 2;
            var extreme = Matrix<double>.Build.DenseOfArray(new double[,]
            {
                { 1010, 1000, 990, 1005 },
                { -1000, -1010, -990, -1000 },
                { 0.5, -0.5, 1, 0 },
            });
            var farApart = Matrix<double>.Build.DenseOfArray(new double[,]
            {
                { 1000, 0, -1000, 500 },
                { 5000, 1, 2, 3 },
                { -3000, -3001, -2999, -3000.5 },
                { -7000, 1, 0.5, 2 },
            });
            var one = Matrix<double>.Build.DenseOfArray(new double[,] { { -800, 3, 700, 0, 699 } });
            var single = Matrix<double>.Build.DenseOfArray(new double[,] { { 42 }, { -1e4 } });
            var ties = Matrix<double>.Build.DenseOfArray(new double[,] { { 7, 7, -1 }, { 0, 0, 0 } });
            var earlier = new List<(Matrix<double> Result, Matrix<double> Copy, string Label)>();
            foreach (var (a, label) in new[]
            {
                (ordinary, "scores of a 3×4 batch"), (extreme, "scores of ±1000 (3×4)"),
                (farApart, "rows whose scores lie thousands apart (4×4)"), (one, "a batch of one (1×5)"), (single, "one class per row (2×1)"),
                (ties, "a tie for the maximum and a row of zeros (2×3)"),
            })
            {
                var before = a.Clone();
                var y = softmax(a);
                Expect.Shaped(y, a.RowCount, a.ColumnCount, $"MySoftmax of {label}", "softmax keeps the shape: one probability per score");
                Expect.Unchanged(a, before, "the scores", "MySoftmax wrote into its input (e.g. subtracting the max in place): compute a new matrix");
                ValuesWithNaN(y, Activations.Softmax(before), $"MySoftmax of {label}", Fallback(y),
                    new("no maximum subtracted: e^1000 overflows to ∞ and ∞/∞ is NaN — subtract each row's maximum before exp", Naive(before)),
                    new("one maximum for the whole batch: a row far below it underflows to 0/0 = NaN — subtract each row's OWN maximum", OneMax(before)),
                    new("one sum for the whole batch: each row must be divided by its own sum, so that every row sums to 1", OneMaxOneSum(before)),
                    new("one sum for the whole batch: each row must be divided by its own sum, so that every row sums to 1", OneSum(Exponentials(before))),
                    new("a softmax per column: one sample is one ROW — take the maximum and the sum along each row", Activations.Softmax(before.Transpose()).Transpose()),
                    new("not normalised: divide each row's exponentials by the row's sum", Exponentials(before)),
                    new("shifted by the row's mean: that keeps rows of close scores finite, but a score far above the mean still overflows — only the maximum makes every exponent ≤ 0", Shifted(before, r => r.Average())),
                    new("shifted by the row's minimum: then every exponent is ≥ 0 and a score far above the minimum overflows — subtract the maximum", Shifted(before, r => r.Min())),
                    new("shifted by the row's first score: that is not its maximum, so a larger score overflows — subtract the maximum", Shifted(before, r => r.First())));
                foreach (var (result, copy, earlierLabel) in earlier)
                    Expect.UnchangedSince(result, copy, $"the result for {earlierLabel}", "after a later call",
                        "MySoftmax overwrote a matrix it had returned before (a reused buffer): return a new matrix every call");
                earlier.Add((y, y.Clone(), label));
            }
        });

    /// <summary>
    /// EXERCISE 5.2: a Huber loss layer. <paramref name="makeLayer"/> gets the threshold c &gt; 0 and returns a new layer
    /// whose Forward(y, t) returns L = (1/N)·Σₙ Σₖ h(yₙₖ − tₙₖ) with h(r) = ½r² for |r| ≤ c and c·(|r| − ½c) beyond, and
    /// whose Backward(dout) returns dout·∂L/∂y as a new matrix. Both are compared with a loop over the elements written
    /// here (an independent reference), for thresholds 1, 0.5 and 2.5 — one layer per threshold, fed batch after batch
    /// (N from 1 to 5, K from 1 to 5; square only for a single residual, 1×1), residuals of exactly 0 and ±c (where the
    /// two pieces meet, so either side's formula is right there), residuals far apart (2·10⁶, and 2·10¹⁶⁰, whose square
    /// overflows), dout 1, 2.5, −0.7, 10⁻³, −1.25, 0.3 and −2·dout in a second call; two Backwards per Forward; y, t and
    /// every earlier result unchanged. Then Backward(1) against central differences of the learner's own Forward,
    /// checked before. The library's losses are off limits.
    /// </summary>
    public static CheckResult HuberLoss(Func<double, IRegressionLoss> makeLayer) =>
        Exercise.Check("5.2", "A Huber loss layer", () =>
        {
            ArgumentNullException.ThrowIfNull(makeLayer);
            LibraryUse.Forbid(New(makeLayer, 1.0), "MyHuberLoss must compute its loss and its gradient itself: the library's losses are not part of this exercise",
                typeof(Losses), typeof(SoftmaxWithLoss));
            static Matrix<double> M(double[,] v) => Matrix<double>.Build.DenseOfArray(v);
            var scenarios = new (double C, (Matrix<double> Y, Matrix<double> T, double Dout)[] Batches)[]
            {
                (1.0,
                [
                    (CheckData.Matrix(3, 4, 521), CheckData.Matrix(3, 4, 522) * 0.5, 1.0),   // residuals from −2.2 to 1.8
                    // Residuals 0, +c, −c, 3.25, 2·10⁶ and −2·10¹⁶⁰, 0, −0.5, −c, 8: the edges of both pieces.
                    (M(new double[,] { { 0.25, 1.25, -0.75, 3.5, 2e6 }, { -1e160, 0, 0.5, -0.5, 7 } }),
                     M(new double[,] { { 0.25, 0.25, 0.25, 0.25, 0 }, { 1e160, 0, 1, 0.5, -1 } }), 2.5),
                    (CheckData.Matrix(1, 3, 523), CheckData.Matrix(1, 3, 524) * 0.5, -0.7),
                ]),
                (0.5,
                [
                    (CheckData.Matrix(5, 2, 525) * 0.3, CheckData.Matrix(5, 2, 526) * 0.3, 1e-3),   // residuals from −0.54 to 1.05
                    // One output per sample; residuals +c, −c, 0, 5.
                    (M(new double[,] { { 0.75 }, { -0.25 }, { 0 }, { 3 } }), M(new double[,] { { 0.25 }, { 0.25 }, { 0 }, { -2 } }), -1.25),
                ]),
                (2.5,
                [
                    // Residuals between 1 and 2.5 in size, where a threshold fixed at 1 goes wrong.
                    (M(new double[,] { { 1.5, -2, 0.3 }, { 4, -1.25, 2.25 } }), M(new double[,] { { 0, 0, 2 }, { 0, 0.5, 0 } }), 1.0),
                    // A batch of one, one output, residual exactly −c.
                    (M(new double[,] { { -1.25 } }), M(new double[,] { { 1.25 } }), 0.3),
                ]),
            };
            foreach (var (c, batches) in scenarios)
            {
                var layer = New(makeLayer, c);
                var earlier = new List<(Matrix<double> Result, Matrix<double> Copy, string Label)>();
                foreach (var (y, t, dout) in batches)
                    HuberBatch(layer, c, y, t, dout, earlier);
            }

            // Gradient: Backward(1) must be ∂L/∂y of the learner's own Forward (residuals kept away from ±c).
            const double Threshold = 0.8;
            var yProbe = M(new double[,] { { 1.3, -0.2, 0.45 }, { -2.1, 0.6, 0 } });
            var tProbe = M(new double[,] { { 0.1, 0.3, -0.05 }, { 0.4, 1.9, -0.3 } });
            var probe = New(makeLayer, Threshold);
            probe.Forward(yProbe, tProbe);
            var analytic = probe.Backward(1.0);
            var numerical = NumericalGradient.Of(v => New(makeLayer, Threshold).Forward(v, tProbe), yProbe.Clone());
            Expect.MatchesNumericalGradient(analytic, numerical, "Backward(1) with c = 0.8", "the backward pass disagrees with central differences of your Forward");
        });

    private static void HuberBatch(IRegressionLoss layer, double c, Matrix<double> y, Matrix<double> t, double dout,
        List<(Matrix<double> Result, Matrix<double> Copy, string Label)> earlier)
    {
        var (n, k) = (y.RowCount, y.ColumnCount);
        var (yBefore, tBefore) = (y.Clone(), t.Clone());
        var size = $"{n}×{k} outputs, c = {Expect.Text(c)}";

        // Forward: the loss, against a loop over the elements.
        var loss = layer.Forward(y, t);
        Expect.Unchanged(y, yBefore, "y", "Forward wrote into the outputs y, the caller's matrix: compute a new matrix");
        Expect.Unchanged(t, tBefore, "t", "Forward wrote into the targets t, the caller's matrix: compute a new matrix");
        var r = yBefore - tBefore;
        double Sum(Func<double, double> penalty) => r.Enumerate().Sum(penalty);
        double Huber(double v, double threshold) => Math.Abs(v) <= threshold ? v * v / 2 : threshold * (Math.Abs(v) - threshold / 2);
        var total = Sum(v => Huber(v, c));
        if (!double.IsFinite(loss) && double.IsFinite(total))
            throw new CheckFailedException($"Forward(y, t) for {size}", Expect.Text(total / n), Expect.Text(loss),
                "a finite loss: a residual of 2·10¹⁶⁰ has a square that overflows to ∞ (and ∞ − ∞ is NaN), but its penalty " +
                "c·(|r| − ½c) is finite — compute only the piece that applies to each element");
        Mistake<double>[] lossMistakes =
        [
            .. When(n > 1, "forgot /N: the loss is the mean over the batch, so the sum is divided by N (the number of rows)", () => total),
            .. When(k > 1, "divided by every element (N·K): the loss is a mean over the N samples only; each sample's K outputs are summed", () => total / (n * k)),
            .. When(n != k, "divided by K (the columns) instead of N: N is the number of rows, one per sample", () => total / k),
            new("the quadratic piece is ½r², not r²", Sum(v => Math.Abs(v) <= c ? v * v : c * (Math.Abs(v) - c / 2)) / n),
            new("the linear piece is c·(|r| − ½c): without the −½c² it does not meet ½r² at |r| = c", Sum(v => Math.Abs(v) <= c ? v * v / 2 : c * Math.Abs(v)) / n),
            new("½r² everywhere: beyond the threshold the penalty grows linearly, c·(|r| − ½c)", Sum(v => v * v / 2) / n),
            new("the threshold was compared with r instead of |r|: a large negative residual belongs to the linear piece too", Sum(v => v <= c ? v * v / 2 : c * (v - c / 2)) / n),
            .. When(c != 1, "the threshold is fixed at 1: use the c the layer was made with", () => Sum(v => Huber(v, 1)) / n),
        ];
        // A mistake whose loss overflowed would match any wrong loss (∞ is "close" to everything), so it names only an ∞.
        Expect.Value(loss, total / n, $"Forward(y, t) for {size}",
            "L adds every element's penalty (½r² inside the threshold, c·(|r| − ½c) beyond it) and divides by N, the number of rows",
            [.. lossMistakes.Where(m => double.IsFinite(m.WrongAnswer) || !double.IsFinite(loss))]);

        // Backward: shape, values, contract.
        var what = $"Backward({Expect.Text(dout)}) for {size}";
        var dy = layer.Backward(dout);
        Expect.Shaped(dy, n, k, what, "the gradient has the shape of the outputs y: N×K");
        Expect.Unchanged(y, yBefore, "y", "Backward wrote into the outputs y, the caller's matrix: compute a new matrix");
        Expect.Unchanged(t, tBefore, "t", "Backward wrote into the targets t, the caller's matrix: compute a new matrix");
        var expected = HuberGradient(r, c, dout);
        Expect.Values(dy, expected, what,
            "for each element, differentiate its own term of L on its side of the threshold; the mean over the batch and dout are factors (lesson 5, section 3, route 1)",
            HuberMistakes(r, c, dout));
        var first = dy.Clone();
        var again = layer.Backward(dout);
        Expect.Values(again, first, $"a second {what}",
            "Backward changed what Forward kept (in place), so a second Backward differs: compute a new matrix");
        Expect.UnchangedSince(dy, first, $"the matrix the first {what} returned", "after a second Backward",
            "Backward overwrote a matrix it had returned before (a reused buffer): the caller still holds it — return a new matrix every call");
        var other = layer.Backward(-2 * dout);
        Expect.Values(other, HuberGradient(r, c, -2 * dout), $"Backward({Expect.Text(-2 * dout)}) after the same Forward for {size}",
            "the first Backward was right, one with another dout after the same Forward is not: dout scales the whole gradient",
            HuberMistakes(r, c, -2 * dout));
        foreach (var (result, copy, label) in earlier)
            Expect.UnchangedSince(result, copy, $"the gradient returned for {label}", "after a later Forward and Backward",
                "a later call overwrote a gradient returned before (a reused buffer): return a new matrix every call");
        earlier.Add((dy, first, size));
    }

    // dout·∂L/∂y by a loop, element by element: r inside the threshold, ±c beyond it, over N.
    private static Matrix<double> HuberGradient(Matrix<double> r, double c, double dout) =>
        r.Map(v => (Math.Abs(v) <= c ? v : Math.CopySign(c, v)) * dout / r.RowCount);

    private static Mistake<Matrix<double>>[] HuberMistakes(Matrix<double> r, double c, double dout)
    {
        var (n, k) = (r.RowCount, r.ColumnCount);
        var slope = r.Map(v => Math.Abs(v) <= c ? v : Math.CopySign(c, v));
        return
        [
            .. When(n > 1, "forgot /N: the loss is a mean over the batch, so each element's slope is divided by N (the number of rows)", () => slope * dout),
            .. When(k > 1, "divided by every element (N·K): the loss divides by N only, so its gradient does too", () => slope * dout / (n * k)),
            .. When(n != k, "divided by K (the columns) instead of N (the rows, one per sample)", () => slope * dout / k),
            new("the sign is flipped: L grows when y moves away from t, so ∂L/∂y has the sign of r = y − t", -slope * dout / n),
            new("the quadratic piece's slope everywhere: beyond the threshold the penalty is linear, so its slope stays at ±c", r * dout / n),
            new("the linear piece's slope everywhere: inside the threshold the penalty is ½r², whose slope is r", r.Map(v => c * Math.Sign(v)) * dout / n),
            new("the threshold was compared with r instead of |r|: a residual below −c is on the linear piece too, with slope −c", r.Map(v => v <= c ? v : c) * dout / n),
            new("the slope of the quadratic piece ½r² is r, not 2r", r.Map(v => Math.Abs(v) <= c ? 2 * v : Math.CopySign(c, v)) * dout / n),
            .. When(c != 1, "the linear piece c·(|r| − ½c) has slope ±c, not ±1", () => r.Map(v => Math.Abs(v) <= c ? v : Math.Sign(v)) * dout / n),
            .. When(c != 1, "the threshold is fixed at 1: use the c the layer was made with", () => r.Map(v => Math.Clamp(v, -1, 1)) * dout / n),
            .. When(n != 3, "the batch size is fixed at 3 (the first batch's): N is the number of rows of THIS batch", () => slope * dout / 3),
            .. When(dout != 1, "the upstream gradient dout is missing: multiply by dout (chain rule)", () => slope / n),
            .. When(dout < 0, "dout is applied as if it were positive: multiply the whole gradient by dout, whatever its sign", () => slope * -dout / n),
        ];
    }

    private static IEnumerable<Mistake<T>> When<T>(bool condition, string hint, Func<T> wrong) =>
        condition ? [new Mistake<T>(hint, wrong())] : [];

    private static IRegressionLoss New(Func<double, IRegressionLoss> make, double c) =>
        make(c) ?? throw new CheckFailedException("the layer", "a new layer", "null", "the factory must return a new layer, e.g. c => new MyHuberLoss(c)");

    private static string Fallback(Matrix<double> y) =>
        y.Enumerate().Any(v => !double.IsFinite(v))
            ? "scores of ±1000 must stay finite: subtract each row's own maximum before Math.Exp"
            : y.RowSums().Any(s => Math.Abs(s - 1) > 1e-9)
                ? "every row must sum to 1: divide each row's exponentials by that row's sum"
                : "y[n, k] = exp(a[n, k] − max of row n) / Σⱼ exp(a[n, j] − max of row n)";

    // Expect.Values, except that a mistake whose NaNs and infinities sit where the learner's do also matches it:
    // the overflow mistakes are recognised by where they turn into NaN.
    private static void ValuesWithNaN(Matrix<double> got, Matrix<double> expected, string what, string fallbackHint, params Mistake<Matrix<double>>[] mistakes)
    {
        if (Expect.Close(got, expected)) return;
        var hint = mistakes.FirstOrDefault(m => Same(got, m.WrongAnswer))?.Hint ?? fallbackHint;
        throw new CheckFailedException($"values of {what}", Expect.Text(expected), Expect.Text(got), hint);
    }

    private static bool Same(Matrix<double> a, Matrix<double> b)
    {
        if (a.RowCount != b.RowCount || a.ColumnCount != b.ColumnCount) return false;
        for (var i = 0; i < a.RowCount; i++)
            for (var j = 0; j < a.ColumnCount; j++)
            {
                double u = a.At(i, j), v = b.At(i, j);
                var both = double.IsNaN(u) && double.IsNaN(v) || double.IsInfinity(u) && u == v;
                if (!both && !Expect.Close(u, v)) return false;
            }
        return true;
    }

    private static Matrix<double> Shifted(Matrix<double> a, Func<IEnumerable<double>, double> shift) =>
        Matrix<double>.Build.DenseOfRowVectors(a.EnumerateRows().Select(r =>
        {
            var e = (r - shift(r)).PointwiseExp();
            return e / e.Sum();
        }));

    private static Matrix<double> Exponentials(Matrix<double> a) =>
        Matrix<double>.Build.DenseOfRowVectors(a.EnumerateRows().Select(r => (r - r.Maximum()).PointwiseExp()));

    private static Matrix<double> Naive(Matrix<double> a)
    {
        var e = a.PointwiseExp();
        return Matrix<double>.Build.DenseOfRowVectors(e.EnumerateRows().Select(r => r / r.Sum()));
    }

    private static Matrix<double> OneMax(Matrix<double> a)
    {
        var e = (a - a.Enumerate().Max()).PointwiseExp();
        return Matrix<double>.Build.DenseOfRowVectors(e.EnumerateRows().Select(r => r / r.Sum()));
    }

    private static Matrix<double> OneSum(Matrix<double> e) => e / e.Enumerate().Sum();

    private static Matrix<double> OneMaxOneSum(Matrix<double> a)
    {
        var e = (a - a.Enumerate().Max()).PointwiseExp();
        return e / e.Enumerate().Sum();
    }
}
