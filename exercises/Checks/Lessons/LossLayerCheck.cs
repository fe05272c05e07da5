using Backprop.Functions;
using Backprop.Gradients;
using Backprop.Layers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>
/// The check of a Softmax-with-Loss layer whose Forward and Backward are both the learner's, wherever an exercise asks for
/// one (the capstone's own is checked as strictly as a layer of its own): Forward's loss against the library's for index
/// and one-hot labels, a batch of one, rows of scores thousands apart (finite, one max per row); Backward(dout) for several
/// dout (negative, tiny), twice per Forward, one layer fed batch after batch, the scores, labels and earlier results
/// unchanged; then Backward(1) against central differences of the learner's own Forward.
/// </summary>
internal static class LossLayerCheck
{
    /// <summary>Runs the whole check on layers made by <paramref name="makeLayer"/>; <paramref name="forbidden"/> names the library's answer.</summary>
    public static void Run(Func<ILossLayer> makeLayer, string forbiddenHint, params System.Reflection.MemberInfo[] forbidden)
    {
        ArgumentNullException.ThrowIfNull(makeLayer);
        if (forbidden.Length > 0) LibraryUse.Forbid(New(makeLayer), forbiddenHint, forbidden);

        // Forward: the mean loss −(1/N)·Σ log(y + 1e-7) of the row-wise softmax, like the library's.
        var farApart = Matrix<double>.Build.DenseOfArray(new double[,] { { 1000, 0, -1000 }, { 0, -1000, 1000 }, { 3000, 2999, -3000 } });
        var forwardCases = new (Matrix<double> Scores, int[] Indices, bool OneHot, string Label)[]
        {
            (CheckData.Matrix(4, 3, 661) * 1.5, [2, 0, 1, 1], false, "4×3 scores, index labels"),
            (CheckData.Matrix(4, 3, 662) * 1.5, [1, 1, 0, 2], true, "4×3 scores, one-hot labels"),
            (CheckData.Matrix(1, 5, 663) * 3, [3], false, "a batch of one (1×5)"),
            (farApart, [0, 2, 1], true, "rows of scores thousands apart (3×3)"),
            (CheckData.Matrix(2, 2, 664), [1, 1], false, "2×2 scores"),
        };
        var layer = New(makeLayer);
        foreach (var (scores, indices, oneHot, label) in forwardCases)
        {
            var k = scores.ColumnCount;
            var scoresBefore = scores.Clone();
            Labels labels = oneHot ? Labels.OneHot(indices, k) : (int[])indices.Clone();
            var got = layer.Forward(scores, labels);
            Expect.Unchanged(scores, scoresBefore, "the scores", "Forward wrote into the caller's scores (e.g. subtracting the max in place): compute new matrices");
            var reference = new SoftmaxWithLoss();
            var expected = reference.Forward(scoresBefore, oneHot ? Labels.OneHot(indices, k) : (int[])indices.Clone());
            var n = scores.RowCount;
            if (!double.IsFinite(got))
                throw new CheckFailedException($"Forward(scores, t) for {label}", Expect.Text(expected), Expect.Text(got),
                    "scores thousands apart must give a finite loss: one max for the whole batch (or none) lets exp underflow to 0/0 or overflow — subtract each row's OWN maximum before Math.Exp");
            Expect.Value(got, expected, $"Forward(scores, t) for {label}", "the mean over the batch of −log(y + 1e-7), y the softmax probability of each row's true class",
                new("one softmax over the whole batch: each row is a softmax of its own — one max and one sum per row", BatchWideLoss(scoresBefore, indices)),
                new("the loss is summed, not averaged: divide by the batch size N", expected * n),
                new("the sign is flipped: the loss is −log(y), a positive number", -expected));
        }

        // Backward: several dout, both label kinds, one layer batch after batch.
        var scores1 = CheckData.Matrix(4, 3, 665) * 1.5;
        int[] indices1 = [2, 0, 1, 1];
        foreach (var (oneHot, dout) in new[] { (false, 1.0), (true, 1.0), (true, 2.5), (false, -0.4) })
            OneBatch(New(makeLayer), scores1, indices1, oneHot, dout);
        var again = New(makeLayer);
        OneBatch(again, CheckData.Matrix(1, 5, 666) * 3, [3], false, -0.7);
        OneBatch(again, farApart, [0, 2, 1], true, 0.3);
        OneBatch(again, CheckData.Matrix(3, 5, 667), [4, 0, 2], true, -1.25);
        OneBatch(again, CheckData.Matrix(2, 2, 668), [1, 1], false, 1e-3);

        // Gradient: Backward(1) must be ∂L/∂scores of the learner's own Forward.
        var probe = New(makeLayer);
        var x = CheckData.Matrix(3, 4, 669);
        int[] t = [1, 3, 0];
        probe.Forward(x, t);
        var analytic = probe.Backward(1.0);
        var numerical = NumericalGradient.Of(s => New(makeLayer).Forward(s, t), x.Clone());
        Expect.MatchesNumericalGradient(analytic, numerical, "Backward(1)", "the backward pass disagrees with central differences of the loss");
    }

    private static double BatchWideLoss(Matrix<double> scores, int[] indices)
    {
        var exp = (scores - scores.Enumerate().Max()).PointwiseExp();
        var y = exp / exp.Enumerate().Sum();
        return -Enumerable.Range(0, scores.RowCount).Average(i => Math.Log(y[i, indices[i]] + Losses.CrossEntropyDelta));
    }

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
        Expect.Values(dx, expected, what, "the gradient of the mean loss with respect to each score, times dout (lesson 5)", Mistakes(y, t, dout, labels.IsOneHot));

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
        make() ?? throw new CheckFailedException("the layer", "a new layer", "null", "the factory must return a new layer, e.g. () => new CapSoftmaxWithLoss()");

}
