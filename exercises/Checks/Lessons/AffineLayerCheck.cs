using Backprop.Gradients;
using Backprop.Layers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>
/// The check of an Affine layer (out = x·W + b, its Forward and Backward both the learner's) wherever an exercise asks for
/// one — the capstone's own Affine is checked as strictly as a layer of its own: one layer per (W, b) fed batch after batch
/// (square shapes where a transposed product is computable and named, a batch of one, N, D, H all different), upstream
/// gradients other than 1, two Backwards per Forward, every matrix handed in or out unchanged, then central differences.
/// </summary>
internal static class AffineLayerCheck
{
    private const string NoDivision = "an Affine layer does not divide by N: the loss layer's (Y − T)/N already did, and dout carries it";

    /// <summary>Runs the whole check on layers made by <paramref name="makeLayer"/>; <paramref name="forbidden"/> names the library's answer.</summary>
    public static void Run(Func<Matrix<double>, Matrix<double>, IAffineLayer> makeLayer, int seed, string forbiddenHint, params System.Reflection.MemberInfo[] forbidden)
    {
        ArgumentNullException.ThrowIfNull(makeLayer);
        foreach (var (d, h, sizes, s) in new (int, int, int[], int)[] { (3, 3, [3, 1, 2], seed), (3, 2, [4, 1], seed + 4), (2, 4, [5], seed + 6) })
        {
            var (w, b) = (CheckData.Matrix(d, h, s + 1), CheckData.Matrix(1, h, s + 2));
            var (wBefore, bBefore) = (w.Clone(), b.Clone());
            var layer = New(makeLayer, w, b);
            if (forbidden.Length > 0) LibraryUse.Forbid(layer, forbiddenHint, forbidden);
            var k = 0;
            foreach (var n in sizes)
                BatchThrough(layer, w, b, wBefore, bBefore, n, s + 10 * ++k);
        }

        // Gradient: Backward(dout) must be the gradient of Σ(Forward(x) ⊙ dout) with respect to x, W and b.
        var (x, w2, b2, dout) = (CheckData.Matrix(4, 3, seed + 8), CheckData.Matrix(3, 2, seed + 9), CheckData.Matrix(1, 2, seed + 10), CheckData.Matrix(4, 2, seed + 11));
        var probe = New(makeLayer, w2, b2);
        probe.Forward(x);
        var dx = probe.Backward(dout);
        var (dW, dB) = (probe.DW!, probe.DB!);
        double Projected() => CheckData.Projected(New(makeLayer, w2, b2).Forward, x, dout);
        const string Hint = "the backward pass disagrees with central differences of the forward pass";
        Expect.MatchesNumericalGradient(dx, NumericalGradient.Of(Projected, x), "dx", Hint);
        Expect.MatchesNumericalGradient(dW, NumericalGradient.Of(Projected, w2), "DW", Hint);
        Expect.MatchesNumericalGradient(dB, NumericalGradient.Of(Projected, b2), "DB", Hint);
    }

    private static void BatchThrough(IAffineLayer layer, Matrix<double> w, Matrix<double> b, Matrix<double> wBefore, Matrix<double> bBefore, int n, int seed)
    {
        var (d, h) = (w.RowCount, w.ColumnCount);
        var x = CheckData.Matrix(n, d, seed);
        var dout = CheckData.Matrix(n, h, seed + 3) * (n % 2 == 0 ? -1.5 : 2);
        var (xBefore, doutBefore) = (x.Clone(), dout.Clone());
        var size = $"x {n}×{d}, W {d}×{h}, dout {n}×{h}";

        // Forward: the learner's own.
        Matrix<double> output;
        try { output = layer.Forward(x); }
        catch (ArgumentException e)
        {
            throw new CheckFailedException($"Forward(x) for x {n}×{d}, W {d}×{h}", "an N×H result", $"{e.GetType().Name}: {e.Message}",
                "MathNet does not broadcast like NumPy: x·W is N×H but b is 1×H — add b's row to every row of x·W");
        }
        Expect.Shaped(output, n, h, $"Forward(x) for x {n}×{d}, W {d}×{h}", "out = x·W + b has one row per sample (N) and one column per output (H)");
        var outputCopy = output.Clone();
        var product = xBefore * wBefore;
        Expect.Values(outputCopy, product + Broadcast(bBefore, n), $"Forward(x) for x {n}×{d}, W {d}×{h}", "out = x·W + b with b added to every row",
            new("the bias is missing: out = x·W + b", product),
            new("the bias was added to the first row only: every sample (row) gets the bias", product + FirstRowOnly(bBefore, n)),
            new("the sign of the bias is flipped: out = x·W + b, not x·W − b", product - Broadcast(bBefore, n)));
        Expect.UnchangedSince(x, xBefore, "x", "after Forward", "Forward wrote into its input x: compute a new matrix");

        var dx = Expect.Backward(() => layer.Backward(dout), size,
            "an index ran past a matrix: a loop bound taken from the wrong dimension (N = rows of x and dout, D = rows of W, H = columns of W) only fits while they happen to be equal",
            "a product is arranged the wrong way round: each gradient has the shape of what it belongs to (dx: N×D, dW: D×H, db: 1×H)");

        // Shape
        Expect.Shaped(dx, n, d, $"dx = Backward(dout) for {size}", "dx has the shape of x (N×D): dout (N×H) · Wᵀ (H×D)");
        var dW = layer.DW ?? throw new CheckFailedException($"DW after Backward(dout) for {size}", "a matrix", "null", "Backward must set DW, the gradient of W");
        var dB = layer.DB ?? throw new CheckFailedException($"DB after Backward(dout) for {size}", "a matrix", "null", "Backward must set DB, the gradient of b");
        Expect.Shaped(dW, d, h, $"DW for {size}", "dW has the shape of W (D×H): xᵀ (D×N) · dout (N×H)");
        Expect.Shaped(dB, 1, h, $"DB for {size}",
            "db has the shape of b (1×H): the bias was added to every row, so sum dout over the batch axis (column sums) — db = dout only works for one sample");

        // Values
        Expect.Unchanged(dout, doutBefore, "dout", "Backward wrote into dout, the caller's matrix (in place): compute new matrices");
        Expect.Unchanged(x, xBefore, "x", "Backward wrote into the cached input x, which is the caller's matrix: compute new matrices");
        Expect.Unchanged(w, wBefore, "W", "Backward changed W: it only computes gradients; updating W is the optimizer's job");
        Expect.Unchanged(b, bBefore, "b", "Backward changed b: it only computes gradients; updating b is the optimizer's job");
        CheckGradients(dx, dW, dB, x, w, dout, size, null);

        // Contract: a second Backward after the same Forward, with another dout; nothing handed out before may change.
        var (dxCopy, dWCopy, dBCopy) = (dx.Clone(), dW.Clone(), dB.Clone());
        var dout2 = CheckData.Matrix(n, h, seed + 5) * -0.5;
        var dx2 = layer.Backward(dout2);
        Expect.Shaped(dx2, n, d, $"dx of a second Backward(dout) after the same Forward, {size}", "dx has the shape of x (N×D)");
        var dW2 = layer.DW ?? throw new CheckFailedException($"DW after a second Backward(dout), {size}", "a matrix", "null", "every Backward sets DW");
        var dB2 = layer.DB ?? throw new CheckFailedException($"DB after a second Backward(dout), {size}", "a matrix", "null", "every Backward sets DB");
        Expect.Shaped(dW2, d, h, $"DW after a second Backward(dout), {size}", "dW has the shape of W (D×H)");
        Expect.Shaped(dB2, 1, h, $"DB after a second Backward(dout), {size}", "db has the shape of b (1×H)");
        CheckGradients(dx2, dW2, dB2, x, w, dout2, $"a second Backward after the same Forward, {size}", (dWCopy, dBCopy));
        Expect.UnchangedSince(dx, dxCopy, $"the dx the first Backward returned ({size})", "after a second Backward",
            "Backward overwrote a matrix it had returned before (a reused buffer): the caller still holds it — compute new matrices every call");
        Expect.UnchangedSince(dW, dWCopy, $"the DW of the first Backward ({size})", "after a second Backward",
            "Backward wrote the new DW into the matrix it had set before (in place): whoever took the old DW still holds it — assign a new matrix");
        Expect.UnchangedSince(dB, dBCopy, $"the DB of the first Backward ({size})", "after a second Backward",
            "Backward wrote the new DB into the matrix it had set before (in place): whoever took the old DB still holds it — assign a new matrix");
        Expect.UnchangedSince(output, outputCopy, $"the matrix Forward returned ({size})", "after two Backwards",
            "Backward changed the matrix Forward returned: the next layer still holds it — compute new matrices");
        Expect.UnchangedSince(x, xBefore, "x", "after two Backwards", "Backward wrote into the cached input x: compute new matrices");
    }

    private static void CheckGradients(Matrix<double> dx, Matrix<double> dW, Matrix<double> dB, Matrix<double> x, Matrix<double> w, Matrix<double> dout,
        string size, (Matrix<double> DW, Matrix<double> DB)? earlier)
    {
        var (n, d, h) = (x.RowCount, x.ColumnCount, w.ColumnCount);
        var rightDx = dout.TransposeAndMultiply(w);
        Expect.Values(dx, rightDx, $"dx = Backward(dout) for {size}", "dx has x's shape; each x[n, i] reached every output of its row through W[i, ·]",
            [.. When(h == d, "transposed product: dx = dout·Wᵀ, not dout·W", () => dout * w),
             new("the sign is flipped: dx = dout·Wᵀ", -rightDx),
             new(NoDivision, rightDx / n)]);
        var rightDW = x.TransposeThisAndMultiply(dout);
        Expect.Values(dW, rightDW, $"DW for {size}", "dW has W's shape; W[i, j] met every sample's x[n, i] on its way to out[n, j]",
            [.. When(n == d, "transposed product: dW = xᵀ·dout, not x·dout", () => x * dout),
             .. When(n == d && h == d, "the product is the wrong way round: doutᵀ·x is (xᵀ·dout)ᵀ; dW = xᵀ·dout", () => dout.TransposeThisAndMultiply(x)),
             .. When(earlier is not null, "DW accumulates over Backward calls (DW += …): each Backward sets DW for its own dout", () => earlier!.Value.DW + rightDW),
             new("the sign is flipped: dW = xᵀ·dout", -rightDW),
             new(NoDivision, rightDW / n)]);
        var columnSums = Matrix<double>.Build.DenseOfRowVectors(dout.ColumnSums());
        Expect.Values(dB, columnSums, $"DB for {size}", "db has b's shape (1×H); b was added to every row, so every row's gradient reaches it",
            [.. When(n == h, "summed over the wrong axis: row sums give one number per sample; b needs one per output — column sums (NumPy's axis=0)",
                () => Matrix<double>.Build.DenseOfRowVectors(dout.RowSums())),
             .. When(n > 1, "only the first sample's gradient: the bias was added to every row, so sum dout over all rows", () => dout.SubMatrix(0, 1, 0, h)),
             .. When(earlier is not null, "DB accumulates over Backward calls (DB += …): each Backward sets DB for its own dout", () => earlier!.Value.DB + columnSums),
             new("that is the mean over the batch: sum, don't average — " + NoDivision, columnSums / n),
             new("the sign is flipped: db = column sums of dout", -columnSums)]);
    }

    private static IEnumerable<Mistake<Matrix<double>>> When(bool computable, string hint, Func<Matrix<double>> wrong) =>
        computable ? [new(hint, wrong())] : [];

        private static IAffineLayer New(Func<Matrix<double>, Matrix<double>, IAffineLayer> make, Matrix<double> w, Matrix<double> b) =>
        make(w, b) ?? throw new CheckFailedException("the layer", "a new layer", "null", "the factory must return a new layer, e.g. (w, b) => new CapAffine(w, b)");

    private static Matrix<double> Broadcast(Matrix<double> b, int rows) =>
        Matrix<double>.Build.Dense(rows, b.ColumnCount, (_, j) => b.At(0, j));

    private static Matrix<double> FirstRowOnly(Matrix<double> b, int rows) =>
        Matrix<double>.Build.Dense(rows, b.ColumnCount, (i, j) => i == 0 ? b.At(0, j) : 0.0);
}
