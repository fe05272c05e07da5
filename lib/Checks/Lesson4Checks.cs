using Backprop.Gradients;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>Checks of lesson 4's exercises (the Affine layer).</summary>
public static class Lesson4Checks
{
    private const string NoDivision = "an Affine layer does not divide by N: the loss layer's (Y − T)/N already did, and dout carries it";

    /// <summary>
    /// EXERCISE 4.1: Affine backward. <paramref name="makeLayer"/> gets (W, b) and returns a new layer whose Forward is
    /// given; Backward must set DW = xᵀ·dout and DB = the column sums of dout (1×H) and return dx = dout·Wᵀ, without
    /// writing into dout. Checked on a square batch (N = D = H, where a transposed product is computable and named),
    /// then on N, D, H all different, then against central differences.
    /// </summary>
    public static CheckResult AffineBackward(Func<Matrix<double>, Matrix<double>, IAffineLayer> makeLayer) =>
        Exercise.Check("4.1", "Affine backward", () =>
        {
            ArgumentNullException.ThrowIfNull(makeLayer);
            BackwardOnce(makeLayer, 3, 3, 3, 41);
            BackwardOnce(makeLayer, 4, 3, 2, 45);

            // Gradient: Backward(dout) must be the gradient of Σ(Forward(x) ⊙ dout) with respect to x, W and b.
            var (x, w, b, dout) = Data(4, 3, 2, 49);
            var layer = New(makeLayer, w, b);
            layer.Forward(x);
            var dx = layer.Backward(dout);
            var (dW, dB) = (layer.DW!, layer.DB!);
            double Projected() => CheckData.Projected(New(makeLayer, w, b).Forward, x, dout);
            const string Hint = "the backward pass disagrees with central differences of the forward pass";
            Expect.MatchesNumericalGradient(dx, NumericalGradient.Of(Projected, x), "dx", Hint);
            Expect.MatchesNumericalGradient(dW, NumericalGradient.Of(Projected, w), "DW", Hint);
            Expect.MatchesNumericalGradient(dB, NumericalGradient.Of(Projected, b), "DB", Hint);
        });

    /// <summary>
    /// EXERCISE 4.2: Affine forward with the bias broadcast. <paramref name="forward"/> gets (x, W, b) with x N×D, W D×H and
    /// b 1×H and returns x·W + b with b added to every row (N×H), leaving its arguments unchanged. Checked on lesson 4's
    /// hand-picked numbers, a seeded batch of 4 and a single sample.
    /// </summary>
    public static CheckResult AffineForward(Func<Matrix<double>, Matrix<double>, Matrix<double>, Matrix<double>> forward) =>
        Exercise.Check("4.2", "Affine forward with a broadcast bias", () =>
        {
            ArgumentNullException.ThrowIfNull(forward);
            var lesson = (
                X: Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } }),
                W: Matrix<double>.Build.DenseOfArray(new double[,] { { 0.1, 0.2 }, { 0.3, 0.4 }, { 0.5, 0.6 } }),
                B: Matrix<double>.Build.DenseOfArray(new double[,] { { 0.1, -0.1 } }));
            var batch = Data(4, 3, 2, 42);
            var single = Data(1, 3, 2, 43);
            foreach (var (x, w, b, label) in new[]
            {
                (lesson.X, lesson.W, lesson.B, "lesson 4's x (2×3), W (3×2), b (1×2)"),
                (batch.X, batch.W, batch.B, "a batch x 4×3, W 3×2, b 1×2"),
                (single.X, single.W, single.B, "one sample x 1×3, W 3×2, b 1×2"),
            })
            {
                var (xBefore, wBefore, bBefore) = (x.Clone(), w.Clone(), b.Clone());
                Matrix<double> y;
                try { y = forward(x, w, b); }
                catch (ArgumentException e)
                {
                    throw new CheckFailedException($"AffineForward for {label}", "an N×H result", $"{e.GetType().Name}: {e.Message}",
                        "MathNet does not broadcast like NumPy: x·W is N×H but b is 1×H, so x·W + b does not fit — add b's row to every row of x·W");
                }
                Expect.Shaped(y, x.RowCount, w.ColumnCount, $"AffineForward for {label}", "out = x·W + b has one row per sample (N) and one column per output (H)");
                Expect.Unchanged(x, xBefore, "x", "AffineForward wrote into its input x: compute a new matrix");
                Expect.Unchanged(w, wBefore, "W", "AffineForward wrote into W: the weights belong to the layer; compute a new matrix");
                Expect.Unchanged(b, bBefore, "b", "AffineForward wrote into b: compute a new matrix");
                var product = x * w;
                Expect.Values(y, product + Broadcast(b, x.RowCount), $"AffineForward for {label}", "out[n, j] = Σᵢ x[n, i]·W[i, j] + b[0, j] for every row n",
                    new("the bias is missing: out = x·W + b", product),
                    new("the bias was added to the first row only: every sample (row) gets the bias", product + FirstRowOnly(b, x.RowCount)),
                    new("the sign of the bias is flipped: out = x·W + b, not x·W − b", product - Broadcast(b, x.RowCount)));
            }
        });

    private static void BackwardOnce(Func<Matrix<double>, Matrix<double>, IAffineLayer> makeLayer, int n, int d, int h, int seed)
    {
        var (x, w, b, dout) = Data(n, d, h, seed);
        var (xBefore, wBefore, doutBefore) = (x.Clone(), w.Clone(), dout.Clone());
        var size = $"x {n}×{d}, W {d}×{h}, dout {n}×{h}";
        var layer = New(makeLayer, w, b);
        layer.Forward(x);
        Matrix<double> dx;
        try { dx = layer.Backward(dout); }
        catch (ArgumentException e) when (n != d)
        {
            throw new CheckFailedException($"Backward(dout) for {size}", "products whose shapes fit", $"{e.GetType().Name}: {e.Message}",
                "a product is arranged the wrong way round: dx = dout·Wᵀ (N×H · H×D), dW = xᵀ·dout (D×N · N×H)");
        }

        // Shape
        Expect.Shaped(dx, n, d, $"dx = Backward(dout) for {size}", "dx has the shape of x (N×D): dout (N×H) · Wᵀ (H×D)");
        var dW = layer.DW ?? throw new CheckFailedException($"DW after Backward(dout) for {size}", "a matrix", "null", "Backward must set DW = xᵀ·dout");
        var dB = layer.DB ?? throw new CheckFailedException($"DB after Backward(dout) for {size}", "a matrix", "null", "Backward must set DB = the column sums of dout");
        Expect.Shaped(dW, d, h, $"DW for {size}", "dW has the shape of W (D×H): xᵀ (D×N) · dout (N×H)");
        Expect.Shaped(dB, 1, h, $"DB for {size}",
            "db has the shape of b (1×H): the bias was added to every row, so sum dout over the batch axis (column sums) — db = dout only works for one sample");

        // Values
        Expect.Unchanged(dout, doutBefore, "dout", "Backward wrote into dout, the caller's matrix (in place): compute new matrices");
        Expect.Unchanged(x, xBefore, "x", "Backward wrote into the cached input x, which is the caller's matrix: compute new matrices");
        Expect.Unchanged(w, wBefore, "W", "Backward changed W: it only computes gradients; updating W is the optimizer's job");
        var square = n == d && d == h;
        Expect.Values(dx, dout.TransposeAndMultiply(w), $"dx = Backward(dout) for {size}", "dx = dout · Wᵀ",
            [.. When(square, "transposed product: dx = dout·Wᵀ, not dout·W", () => dout * w),
             new("the sign is flipped: dx = dout·Wᵀ", -dout.TransposeAndMultiply(w)),
             new(NoDivision, dout.TransposeAndMultiply(w) / n)]);
        Expect.Values(dW, x.TransposeThisAndMultiply(dout), $"DW for {size}", "dW = xᵀ · dout",
            [.. When(square, "transposed product: dW = xᵀ·dout, not x·dout", () => x * dout),
             .. When(square, "the product is the wrong way round: doutᵀ·x is (xᵀ·dout)ᵀ; dW = xᵀ·dout", () => dout.TransposeThisAndMultiply(x)),
             new("the sign is flipped: dW = xᵀ·dout", -x.TransposeThisAndMultiply(dout)),
             new(NoDivision, x.TransposeThisAndMultiply(dout) / n)]);
        var columnSums = Matrix<double>.Build.DenseOfRowVectors(dout.ColumnSums());
        Expect.Values(dB, columnSums, $"DB for {size}", "db = the column sums of dout (one sum per output, over all samples)",
            [.. When(square, "summed over the wrong axis: row sums give one number per sample; b needs one per output — column sums (NumPy's axis=0)",
                () => Matrix<double>.Build.DenseOfRowVectors(dout.RowSums())),
             new("only the first sample's gradient: the bias was added to every row, so sum dout over all rows", dout.SubMatrix(0, 1, 0, h)),
             new("that is the mean over the batch: sum, don't average — " + NoDivision, columnSums / n),
             new("the sign is flipped: db = column sums of dout", -columnSums)]);
    }

    private static IEnumerable<Mistake<Matrix<double>>> When(bool computable, string hint, Func<Matrix<double>> wrong) =>
        computable ? [new(hint, wrong())] : [];

    private static (Matrix<double> X, Matrix<double> W, Matrix<double> B, Matrix<double> Dout) Data(int n, int d, int h, int seed) =>
        (CheckData.Matrix(n, d, seed), CheckData.Matrix(d, h, seed + 1), CheckData.Matrix(1, h, seed + 2), CheckData.Matrix(n, h, seed + 3));

    private static IAffineLayer New(Func<Matrix<double>, Matrix<double>, IAffineLayer> make, Matrix<double> w, Matrix<double> b) =>
        make(w, b) ?? throw new CheckFailedException("the layer", "a new layer", "null", "the factory must return a new layer, e.g. (w, b) => new MyAffine(w, b)");

    private static Matrix<double> Broadcast(Matrix<double> b, int rows) =>
        Matrix<double>.Build.Dense(rows, b.ColumnCount, (_, j) => b.At(0, j));

    private static Matrix<double> FirstRowOnly(Matrix<double> b, int rows) =>
        Matrix<double>.Build.Dense(rows, b.ColumnCount, (i, j) => i == 0 ? b.At(0, j) : 0.0);
}
