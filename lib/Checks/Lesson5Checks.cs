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
    /// to 1, subtracting the row's own maximum before exp, as a new matrix. Checked on ordinary scores, then on scores of
    /// ±1000 (which must stay finite), against <see cref="Activations.Softmax"/>.
    /// </summary>
    public static CheckResult StableSoftmax(Func<Matrix<double>, Matrix<double>> softmax) =>
        Exercise.Check("5.1", "A stable softmax", () =>
        {
            ArgumentNullException.ThrowIfNull(softmax);
            var ordinary = CheckData.Matrix(3, 4, 51) * 2;
            var extreme = Matrix<double>.Build.DenseOfArray(new double[,]
            {
                { 1010, 1000, 990, 1005 },
                { -1000, -1010, -990, -1000 },
                { 0.5, -0.5, 1, 0 },
            });
            foreach (var (a, label) in new[] { (ordinary, "scores of a 3×4 batch"), (extreme, "scores of ±1000 (3×4)") })
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
                    new("not normalised: divide each row's exponentials by the row's sum", Exponentials(before)));
            }
        });

    /// <summary>
    /// EXERCISE 5.2: SoftmaxWithLoss backward. <paramref name="makeLayer"/> returns a new layer whose Forward is given;
    /// Backward(dout) must return dout·(Y − T)/N as a new matrix, for index labels and for one-hot labels. Checked against
    /// <see cref="SoftmaxWithLoss"/> on both label kinds and dout ≠ 1, then against central differences of the loss.
    /// </summary>
    public static CheckResult SoftmaxWithLossBackward(Func<ILossLayer> makeLayer) =>
        Exercise.Check("5.2", "SoftmaxWithLoss backward", () =>
        {
            ArgumentNullException.ThrowIfNull(makeLayer);
            const int N = 4, K = 3;
            var scores = CheckData.Matrix(N, K, 52) * 1.5;
            int[] indices = [2, 0, 1, 1];
            var oneHot = Labels.OneHot(indices, K);
            foreach (var (labels, kind, dout) in new (Labels, string, double)[]
            {
                (indices, "index labels (int[])", 1.0),
                (oneHot, "one-hot labels (4×3 matrix)", 1.0),
                (oneHot, "one-hot labels (4×3 matrix)", 2.5),
                (indices, "index labels (int[])", 2.5),
            })
            {
                var what = $"Backward({Expect.Text(dout)}) after Forward with {kind}";
                var scoresBefore = scores.Clone();
                var layer = New(makeLayer);
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
                Expect.Shaped(dx, N, K, what, "the gradient has the shape of the scores: N×K");

                // Values
                Expect.Unchanged(scores, scoresBefore, "the scores", "the layer wrote into the caller's scores: compute new matrices");
                var reference = new SoftmaxWithLoss();
                reference.Forward(scoresBefore, labels);
                var y = reference.Y!;
                var t = oneHot;
                Expect.Values(dx, reference.Backward(dout), what, "dx = dout · (Y − T) / N, with N the number of rows (samples)",
                    new("forgot /N: the loss is a mean over the batch, so each row's gradient is divided by N", dout * (y - t)),
                    new("the sign is flipped: dx = (Y − T)/N — the correct class gets a negative gradient", dout * (t - y) / N),
                    new("N is the number of rows (samples), not of columns (classes)", dout * (y - t) / K),
                    new(labels.IsOneHot
                        ? "the one-hot labels were not subtracted (handling only index labels?): dx = (Y − T)/N with T = T.OneHotMatrix"
                        : "the index labels were not subtracted (handling only one-hot labels?): subtract 1 at each row's class T.Indices[n]", dout * y / N),
                    new("the upstream gradient dout is missing: multiply by dout (chain rule)", (y - t) / N));
                var first = dx.Clone();
                var again = layer.Backward(dout);
                Expect.Values(again, first, $"a second {what}",
                    "Backward changed the cached probabilities Y (in place, e.g. Y.Subtract(T, Y)), so a second Backward differs: compute a new matrix");
            }

            // Gradient: Backward(1) must be ∂L/∂scores of the learner's own Forward.
            var probe = New(makeLayer);
            probe.Forward(scores, indices);
            var analytic = probe.Backward(1.0);
            var numerical = NumericalGradient.Of(s => New(makeLayer).Forward(s, indices), scores.Clone());
            Expect.MatchesNumericalGradient(analytic, numerical, "Backward(1)", "the backward pass disagrees with central differences of the loss");
        });

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
