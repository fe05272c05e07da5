using Backprop.Functions;
using Backprop.Gradients;
using Backprop.Layers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>Checks of lesson 5's exercises (softmax and the Softmax-with-Loss layer).</summary>
public static class Lesson5Checks
{
    /// <summary>
    /// EXERCISE 5.1: a stable softmax. <paramref name="softmax"/> turns each row of scores (N×K) into probabilities that sum
    /// to 1, subtracting the row's own maximum before exp, as a new matrix. Checked on ordinary scores, on scores of ±1000,
    /// on rows whose values lie thousands apart ([1000, 0, −1000, 500], one huge value) — where shifting by the mean or the
    /// minimum overflows — on a batch of one and on a single class, against <see cref="Activations.Softmax"/>; every earlier
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
            var earlier = new List<(Matrix<double> Result, Matrix<double> Copy, string Label)>();
            foreach (var (a, label) in new[]
            {
                (ordinary, "scores of a 3×4 batch"), (extreme, "scores of ±1000 (3×4)"),
                (farApart, "rows whose scores lie thousands apart (4×4)"), (one, "a batch of one (1×5)"), (single, "one class per row (2×1)"),
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
    /// EXERCISE 5.2: SoftmaxWithLoss backward. <paramref name="makeLayer"/> returns a new layer whose Forward is given;
    /// Backward(dout) must return dout·(Y − T)/N as a new matrix, for index labels and for one-hot labels. Checked against
    /// <see cref="SoftmaxWithLoss"/> on both label kinds with dout = 1, 2.5 and negative ones, then with one layer fed batch
    /// after batch (a batch of one, five classes, scores thousands apart), twice per Forward, with the scores, the labels,
    /// the cached probabilities and every earlier result unchanged; then against central differences of the loss.
    /// The library's SoftmaxWithLoss is off limits.
    /// </summary>
    public static CheckResult SoftmaxWithLossBackward(Func<ILossLayer> makeLayer) =>
        Exercise.Check("5.2", "SoftmaxWithLoss backward", () =>
        {
            ArgumentNullException.ThrowIfNull(makeLayer);
            LibraryUse.Forbid(New(makeLayer), "MySoftmaxWithLoss must compute its gradient itself: the library's SoftmaxWithLoss is the answer, not yours",
                typeof(SoftmaxWithLoss));
            var scores = CheckData.Matrix(4, 3, 52) * 1.5;
            int[] indices = [2, 0, 1, 1];
            foreach (var (oneHot, dout) in new[] { (false, 1.0), (true, 1.0), (true, 2.5), (false, 2.5) })
                OneBatch(New(makeLayer), scores, indices, oneHot, dout);

            // One layer, batch after batch, as in training: Backward must use the latest Forward.
            var layer = New(makeLayer);
            var farApart = Matrix<double>.Build.DenseOfArray(new double[,] { { 1000, 0, -1000 }, { 0, -1000, 1000 }, { 3000, 2999, -3000 } });
            OneBatch(layer, CheckData.Matrix(1, 5, 53) * 3, [3], false, -0.7);
            OneBatch(layer, farApart, [0, 2, 1], true, 0.3);
            OneBatch(layer, CheckData.Matrix(3, 5, 54), [4, 0, 2], true, -1.25);
            OneBatch(layer, CheckData.Matrix(2, 2, 55), [1, 1], false, 1e-3);

            // Gradient: Backward(1) must be ∂L/∂scores of the learner's own Forward.
            var probe = New(makeLayer);
            probe.Forward(scores, indices);
            var analytic = probe.Backward(1.0);
            var numerical = NumericalGradient.Of(s => New(makeLayer).Forward(s, indices), scores.Clone());
            Expect.MatchesNumericalGradient(analytic, numerical, "Backward(1)", "the backward pass disagrees with central differences of the loss");
        });

    private static void OneBatch(ILossLayer layer, Matrix<double> scores, int[] indices, bool asOneHot, double dout)
    {
        var (n, k) = (scores.RowCount, scores.ColumnCount);
        var t = Labels.OneHot(indices, k);
        Labels labels = asOneHot ? t.Clone() : (int[])indices.Clone();
        var kind = asOneHot ? $"one-hot labels ({n}×{k} matrix)" : $"index labels (int[{n}]) for {n}×{k} scores";
        var what = $"Backward({Expect.Text(dout)}) after Forward with {kind}";
        var scoresBefore = scores.Clone();
        layer.Forward(scores, labels);
        Matrix<double> dx;
        try { dx = layer.Backward(dout); }
        catch (Exception e) when (e is NullReferenceException or ArgumentNullException or InvalidOperationException)
        {
            throw new CheckFailedException(what, "the gradient dout·(Y − T)/N", $"{e.GetType().Name}: {e.Message}", labels.IsOneHot
                ? "handling only index labels: with one-hot labels T.Indices is null and T.OneHotMatrix holds the N×K matrix — handle both kinds"
                : "handling only one-hot labels: with index labels T.OneHotMatrix is null and T.Indices holds one class per row — handle both kinds");
        }

        // Shape
        Expect.Shaped(dx, n, k, what, "the gradient has the shape of the scores: N×K");

        // Values
        Expect.Unchanged(scores, scoresBefore, "the scores", "the layer wrote into the caller's scores: compute new matrices");
        if (asOneHot) Expect.Unchanged(labels.OneHotMatrix!, t, "the one-hot labels", "Backward wrote into the caller's one-hot label matrix (in place): compute a new matrix");
        else if (!labels.Indices!.SequenceEqual(indices))
            throw new CheckFailedException("the index labels after Backward (they must not change)", $"[{string.Join(", ", indices)}]",
                $"[{string.Join(", ", labels.Indices!)}]", "Backward changed the caller's label array: leave it alone");
        var reference = new SoftmaxWithLoss();
        reference.Forward(scoresBefore, asOneHot ? t : indices);
        var y = reference.Y!;
        var expected = reference.Backward(dout);
        Expect.Values(dx, expected, what, "the gradient of the mean loss with respect to each score, times dout (lesson 5, section 3)", Mistakes(y, t, dout, labels.IsOneHot));

        // Contract: a second Backward after the same Forward gives the same; the first result stays as it was.
        var first = dx.Clone();
        var again = layer.Backward(dout);
        Expect.Values(again, first, $"a second {what}",
            "Backward changed the cached probabilities Y (in place, e.g. Y.Subtract(T, Y)), so a second Backward differs: compute a new matrix");
        Expect.UnchangedSince(dx, first, $"the matrix the first {what} returned", "after a second Backward",
            "Backward overwrote a matrix it had returned before (a reused buffer): the caller still holds it — return a new matrix every call");
        var other = layer.Backward(-2 * dout);
        Expect.Values(other, expected * -2, $"Backward({Expect.Text(-2 * dout)}) after the same Forward with {kind}",
            "the first Backward was right, one with another dout after the same Forward is not: dout scales the whole gradient",
            Mistakes(y, t, -2 * dout, labels.IsOneHot));
    }

    private static Mistake<Matrix<double>>[] Mistakes(Matrix<double> y, Matrix<double> t, double dout, bool oneHot)
    {
        var (n, k) = (y.RowCount, y.ColumnCount);
        return
        [
            .. n > 1 ? [new Mistake<Matrix<double>>("forgot /N: the loss is a mean over the batch, so each row's gradient is divided by N", dout * (y - t))] : Array.Empty<Mistake<Matrix<double>>>(),
            new("the sign is flipped: dx = (Y − T)/N — the correct class gets a negative gradient", dout * (t - y) / n),
            .. n != k ? [new Mistake<Matrix<double>>("N is the number of rows (samples), not of columns (classes)", dout * (y - t) / k)] : Array.Empty<Mistake<Matrix<double>>>(),
            new(oneHot
                ? "the one-hot labels were not subtracted (handling only index labels?): dx = (Y − T)/N with T = T.OneHotMatrix"
                : "the index labels were not subtracted (handling only one-hot labels?): subtract 1 at each row's class T.Indices[n]", dout * y / n),
            new("the upstream gradient dout is missing: multiply by dout (chain rule)", (y - t) / n),
            new("the batch size is hard-coded: divide by N = the number of rows of THIS batch", dout * (y - t) / 4),
            new("dout is applied as if it were 1 or positive: multiply the whole gradient by dout, whatever its sign", Math.Abs(dout) * (y - t) / n),
        ];
    }

    private static ILossLayer New(Func<ILossLayer> make) =>
        make() ?? throw new CheckFailedException("the layer", "a new layer", "null", "the factory must return a new layer, e.g. () => new MySoftmaxWithLoss()");

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
