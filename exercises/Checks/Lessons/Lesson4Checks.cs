using Backprop.Gradients;
using Backprop.Layers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>
/// Checks of lesson 4's exercises: two layers whose backward passes the lesson did not show, derived by its method
/// (one output element written as a sum, each value's gradient collected from every output it touched, read back as a
/// matrix). Every expected value is computed here by loops over that sum, never by the learner's arrangement of it; a
/// central-difference gradient check closes each exercise.
/// </summary>
public static class Lesson4Checks
{
    private const string NoDivision = "a layer does not divide by N: the loss layer's /N already did, and dout carries it";

    // Upstream gradients of every size a network hands back: ordinary, negative, tiny, and a batch with a zero row.
    private static readonly double[] DoutScales = [-1.5, 2, 1e-4, -3e-3, 0.7];

    /// <summary>
    /// EXERCISE 4.1: a linear layer out = x·Wᵀ with W stored one row per output (H×D) and no bias.
    /// <paramref name="makeLayer"/> gets W and returns a new layer whose Forward and Backward are the learner's own:
    /// Backward(dout) sets DW = ∂L/∂W (H×D) and returns dx = ∂L/∂x (N×D). Each layer gets batch after batch (sizes 1 to
    /// 5, square and non-square W, N equal to D or to H so that transposed and wrong-axis answers are computable and
    /// named), inputs with zeros and large magnitudes, dout negative, tiny or zero in a row, two Backwards per Forward;
    /// every matrix handed in or out must stay unchanged; then central differences. The library's Affine is off limits.
    /// </summary>
    public static CheckResult TransposedWeights(Func<Matrix<double>, ITransposedWeightsLayer> makeLayer) =>
        Exercise.Check("4.1", "A layer with transposed weights", () =>
        {
            ArgumentNullException.ThrowIfNull(makeLayer);
            // (H, D, batch sizes N, seed): one layer per W, fed batch after batch as in training.
            foreach (var (h, d, sizes, seed) in new (int, int, int[], int)[] { (3, 3, [3, 1, 2], 141), (2, 4, [2, 1, 4, 5], 145), (5, 2, [2, 5], 147) })
            {
                var w = CheckData.Matrix(h, d, seed);
                var wBefore = w.Clone();
                var layer = NewLinear(makeLayer, w);
                LibraryUse.Forbid(layer, "your layer must compute its passes itself: the library's Affine layer is not this layer, and not yours", typeof(Affine));
                var returned = new List<(Matrix<double> Matrix, Matrix<double> Copy, string Label)>();
                var k = 0;
                foreach (var n in sizes)
                    LinearBatch(layer, w, wBefore, n, seed + 10 * ++k, k, returned);
            }

            // Gradient: Backward(dout) must be the gradient of Σ(Forward(x) ⊙ dout) with respect to x and W.
            var (x, w2, dout) = (CheckData.Matrix(4, 3, 149), CheckData.Matrix(2, 3, 150), CheckData.Matrix(4, 2, 151));
            var probe = NewLinear(makeLayer, w2);
            probe.Forward(x);
            var dx = probe.Backward(dout);
            var dW = probe.DW ?? throw new CheckFailedException("DW after Backward(dout)", "a matrix", "null", "Backward must set DW, the gradient of W");
            double Projected() => CheckData.Projected(NewLinear(makeLayer, w2).Forward, x, dout);
            const string Hint = "the backward pass disagrees with central differences of your forward pass";
            Expect.MatchesNumericalGradient(dx, NumericalGradient.Of(Projected, x), "dx", Hint);
            Expect.MatchesNumericalGradient(dW, NumericalGradient.Of(Projected, w2), "DW", Hint);
        });

    /// <summary>
    /// EXERCISE 4.2: a per-feature scale and shift out = x ⊙ γ + β, γ and β 1×D rows applied to every sample.
    /// <paramref name="makeLayer"/> gets (γ, β) and returns a new layer: Backward(dout) sets DGamma = ∂L/∂γ and
    /// DBeta = ∂L/∂β (both 1×D) and returns dx = ∂L/∂x (N×D). Batches of 1 to 5 with N = D (where the wrong axis is
    /// computable and named) and N ≠ D, a single feature, γ with a 0 and negative entries, x with zeros and large
    /// magnitudes, dout negative, tiny or zero in a row, two Backwards per Forward, everything handed in or out
    /// unchanged; then central differences. The library's Affine is off limits.
    /// </summary>
    public static CheckResult ScaleAndShift(Func<Matrix<double>, Matrix<double>, IScaleShiftLayer> makeLayer) =>
        Exercise.Check("4.2", "A per-feature scale and shift", () =>
        {
            ArgumentNullException.ThrowIfNull(makeLayer);
            // (D, batch sizes N, seed); the first layer's γ has a 0 (a feature switched off).
            foreach (var (d, sizes, seed) in new (int, int[], int)[] { (3, [3, 1, 2], 241), (4, [2, 4, 1, 5], 245), (1, [5, 1], 247) })
            {
                var (gamma, beta) = (CheckData.Matrix(1, d, seed), CheckData.Matrix(1, d, seed + 1));
                if (d == 3) gamma[0, 1] = 0;
                var (gammaBefore, betaBefore) = (gamma.Clone(), beta.Clone());
                var layer = NewScaleShift(makeLayer, gamma, beta);
                LibraryUse.Forbid(layer, "your layer must compute its passes itself, without the library's Affine layer", typeof(Affine));
                var returned = new List<(Matrix<double> Matrix, Matrix<double> Copy, string Label)>();
                var k = 0;
                foreach (var n in sizes)
                    ScaleShiftBatch(layer, gamma, beta, gammaBefore, betaBefore, n, seed + 10 * ++k, k, returned);
            }

            var (x, g2, b2, dout) = (CheckData.Matrix(4, 3, 249), CheckData.Matrix(1, 3, 250), CheckData.Matrix(1, 3, 251), CheckData.Matrix(4, 3, 252));
            var probe = NewScaleShift(makeLayer, g2, b2);
            probe.Forward(x);
            var dx = probe.Backward(dout);
            var dGamma = probe.DGamma ?? throw new CheckFailedException("DGamma after Backward(dout)", "a matrix", "null", "Backward must set DGamma, the gradient of γ");
            var dBeta = probe.DBeta ?? throw new CheckFailedException("DBeta after Backward(dout)", "a matrix", "null", "Backward must set DBeta, the gradient of β");
            double Projected() => CheckData.Projected(NewScaleShift(makeLayer, g2, b2).Forward, x, dout);
            const string Hint = "the backward pass disagrees with central differences of your forward pass";
            Expect.MatchesNumericalGradient(dx, NumericalGradient.Of(Projected, x), "dx", Hint);
            Expect.MatchesNumericalGradient(dGamma, NumericalGradient.Of(Projected, g2), "DGamma", Hint);
            Expect.MatchesNumericalGradient(dBeta, NumericalGradient.Of(Projected, b2), "DBeta", Hint);
        });

    // ---------------------------------------------------------------- 4.1

    private static void LinearBatch(ITransposedWeightsLayer layer, Matrix<double> w, Matrix<double> wBefore, int n, int seed, int k,
        List<(Matrix<double> Matrix, Matrix<double> Copy, string Label)> returned)
    {
        var (h, d) = (w.RowCount, w.ColumnCount);
        var (x, dout) = Batch(n, d, h, seed, k);
        var (xBefore, doutBefore) = (x.Clone(), dout.Clone());
        var size = $"x {n}×{d}, W {h}×{d}, dout {n}×{h}";

        // Forward
        Matrix<double> output;
        try { output = layer.Forward(x); }
        catch (ArgumentException e)
        {
            throw new CheckFailedException($"Forward(x) for x {n}×{d}, W {h}×{d}", "an N×H result", $"{e.GetType().Name}: {e.Message}",
                "a product whose shapes do not fit: W is H×D here (row j holds output j's weights), so out[n, j] pairs row n of x with row j of W");
        }
        Expect.Shaped(output, n, h, $"Forward(x) for x {n}×{d}, W {h}×{d}", "out has one row per sample (N) and one column per output (H = rows of W)");
        var outputCopy = output.Clone();
        var rightOut = Loop(n, h, (r, j) => Sum(d, i => xBefore[r, i] * wBefore[j, i]));
        Expect.Values(outputCopy, rightOut, $"Forward(x) for x {n}×{d}, W {h}×{d}", "out[n, j] = Σᵢ x[n, i]·W[j, i]: row j of W holds output j's weights",
            [.. When(h == d, "x·W treats W as D×H, one column per output; here row j of W holds output j's weights", () => xBefore * wBefore),
             new("the sign is flipped", -rightOut)]);
        Expect.UnchangedSince(x, xBefore, "x", "after Forward", "Forward wrote into its input x: compute a new matrix");
        Expect.UnchangedSince(w, wBefore, "W", "after Forward", "Forward changed W: compute a new matrix");

        // Backward
        var (dx, dW) = LinearBackward(layer, dout, size);
        Expect.Shaped(dx, n, d, $"dx = Backward(dout) for {size}", "dx has the shape of x (N×D)");
        LinearDWShape(dW, h, d, size);
        Expect.Unchanged(dout, doutBefore, "dout", "Backward wrote into dout, the caller's matrix (in place): compute new matrices");
        Expect.Unchanged(x, xBefore, "x", "Backward wrote into the cached input x, which is the caller's matrix: compute new matrices");
        Expect.Unchanged(w, wBefore, "W", "Backward changed W: it only computes gradients; updating W is the optimizer's job");
        LinearGradients(dx, dW, xBefore, wBefore, doutBefore, size, null);

        // A second Backward after the same Forward, with another dout; nothing handed out before may change.
        var (dxCopy, dWCopy) = (dx.Clone(), dW.Clone());
        var dout2 = CheckData.Matrix(n, h, seed + 5) * -0.5;
        var (dx2, dW2) = LinearBackward(layer, dout2, $"a second Backward after the same Forward, {size}");
        Expect.Shaped(dx2, n, d, $"dx of a second Backward(dout) after the same Forward, {size}", "dx has the shape of x (N×D)");
        LinearDWShape(dW2, h, d, $"a second Backward after the same Forward, {size}");
        LinearGradients(dx2, dW2, xBefore, wBefore, dout2, $"a second Backward after the same Forward, {size}", dWCopy);

        returned.Add((dx, dxCopy, $"the dx the first Backward returned ({size})"));
        returned.Add((dW, dWCopy, $"the DW of the first Backward ({size})"));
        returned.Add((output, outputCopy, $"the matrix Forward returned ({size})"));
        Unchanged(returned, "after a second Backward");
        Expect.UnchangedSince(x, xBefore, "x", "after two Backwards", "Backward wrote into the cached input x: compute new matrices");
    }

    private static (Matrix<double> Dx, Matrix<double> DW) LinearBackward(ITransposedWeightsLayer layer, Matrix<double> dout, string size)
    {
        var dx = Expect.Backward(() => layer.Backward(dout), size,
            "an index ran past a matrix: a loop bound taken from the wrong dimension (N = rows of x and dout, H = rows of W, D = columns of W) only fits while they happen to be equal",
            "a product is arranged the wrong way round: each gradient has the shape of what it belongs to (dx: N×D like x, DW: H×D like W)");
        var dW = layer.DW ?? throw new CheckFailedException($"DW after Backward(dout) for {size}", "a matrix", "null", "Backward must set DW, the gradient of W");
        return (dx, dW);
    }

    private static void LinearDWShape(Matrix<double> dW, int h, int d, string size)
    {
        if (h != d && dW.RowCount == d && dW.ColumnCount == h)
            throw new CheckFailedException($"shape of DW for {size}", $"{h}×{d}", $"{d}×{h}",
                "DW has the layout of the lesson's Affine layer (D×H); here W is H×D, and a gradient has the shape of what it belongs to");
        Expect.Shaped(dW, h, d, $"DW for {size}", "DW has the shape of W (H×D): one entry per weight");
    }

    private static void LinearGradients(Matrix<double> dx, Matrix<double> dW, Matrix<double> x, Matrix<double> w, Matrix<double> dout,
        string size, Matrix<double>? earlierDW)
    {
        var (n, h, d) = (x.RowCount, w.RowCount, w.ColumnCount);
        var rightDx = Loop(n, d, (r, i) => Sum(h, j => dout[r, j] * w[j, i]));
        Expect.Values(dx, rightDx, $"dx = Backward(dout) for {size}",
            "x[n, i] reached every output j of its row, each through W[j, i]: collect dout[n, j] times that coefficient",
            [.. When(h == d, "that is the lesson's Affine dX with W D×H; here W is H×D (stored transposed), so the coefficient of x[n, i] in out[n, j] is W[j, i]",
                () => dout.TransposeAndMultiply(w)),
             new("dx ignores dout: every output's gradient scales what flows back through it", Loop(n, d, (_, i) => Sum(h, j => w[j, i]))),
             new("the sign is flipped", -rightDx),
             new(NoDivision, rightDx / n)]);
        var rightDW = Loop(h, d, (j, i) => Sum(n, r => dout[r, j] * x[r, i]));
        Expect.Values(dW, rightDW, $"DW for {size}",
            "W[j, i] met x[n, i] in out[n, j] for every sample n: collect dout[n, j]·x[n, i] over the whole batch",
            [.. When(h == d, "that is the lesson's Affine dW (Xᵀ·dout, D×H), the transpose of this layer's: here W[j, i] sits in row j", () => x.TransposeThisAndMultiply(dout)),
             .. When(n > 1, "only the first sample's gradient: W was used by every sample, so sum over all rows of dout and x",
                () => Loop(h, d, (j, i) => dout[0, j] * x[0, i])),
             .. When(earlierDW is not null, "DW accumulates over Backward calls (DW += …): each Backward sets DW for its own dout", () => earlierDW! + rightDW),
             new("DW ignores dout: each weight's gradient is scaled by the upstream gradient of the output it feeds", Loop(h, d, (_, i) => Sum(n, r => x[r, i]))),
             new("the sign is flipped", -rightDW),
             new(NoDivision, rightDW / n)]);
    }

    // ---------------------------------------------------------------- 4.2

    private static void ScaleShiftBatch(IScaleShiftLayer layer, Matrix<double> gamma, Matrix<double> beta, Matrix<double> gammaBefore,
        Matrix<double> betaBefore, int n, int seed, int k, List<(Matrix<double> Matrix, Matrix<double> Copy, string Label)> returned)
    {
        var d = gamma.ColumnCount;
        var (x, dout) = Batch(n, d, d, seed, k);
        var (xBefore, doutBefore) = (x.Clone(), dout.Clone());
        var size = $"x {n}×{d}, γ and β 1×{d}, dout {n}×{d}";

        // Forward
        Matrix<double> output;
        try { output = layer.Forward(x); }
        catch (ArgumentException e)
        {
            throw new CheckFailedException($"Forward(x) for {size}", "an N×D result", $"{e.GetType().Name}: {e.Message}",
                "x is N×D and γ, β are 1×D: no matrix product fits, and MathNet does not broadcast — apply γ[0, i] and β[0, i] to column i of every row");
        }
        Expect.Shaped(output, n, d, $"Forward(x) for {size}", "out has the shape of x (N×D)");
        var outputCopy = output.Clone();
        var product = Loop(n, d, (r, i) => xBefore[r, i] * gammaBefore[0, i]);
        var rightOut = Loop(n, d, (r, i) => product[r, i] + betaBefore[0, i]);
        Expect.Values(outputCopy, rightOut, $"Forward(x) for {size}", "out[n, i] = x[n, i]·γ[0, i] + β[0, i]: feature i has its own scale and shift, the same for every sample",
            [new("β is missing: out = x ⊙ γ + β", product),
             new("γ and β were applied to the first row only: every sample (row) gets them", Loop(n, d, (r, i) => r == 0 ? rightOut[r, i] : xBefore[r, i])),
             .. When(n == d, "γ and β were applied per sample (γ[n] to row n): they hold one number per FEATURE (column)",
                () => Loop(n, d, (r, i) => xBefore[r, i] * gammaBefore[0, r] + betaBefore[0, r])),
             new("γ was added, not multiplied: out = x ⊙ γ + β scales each feature", Loop(n, d, (r, i) => xBefore[r, i] + gammaBefore[0, i] + betaBefore[0, i]))]);
        Expect.UnchangedSince(x, xBefore, "x", "after Forward", "Forward wrote into its input x: compute a new matrix");

        // Backward
        var (dx, dGamma, dBeta) = ScaleShiftBackward(layer, dout, n, size);
        Expect.Unchanged(dout, doutBefore, "dout", "Backward wrote into dout, the caller's matrix (in place): compute new matrices");
        Expect.Unchanged(x, xBefore, "x", "Backward wrote into the cached input x, which is the caller's matrix: compute new matrices");
        Expect.Unchanged(gamma, gammaBefore, "γ", "Backward changed γ: it only computes gradients; updating γ is the optimizer's job");
        Expect.Unchanged(beta, betaBefore, "β", "Backward changed β: it only computes gradients; updating β is the optimizer's job");
        ScaleShiftGradients(dx, dGamma, dBeta, xBefore, gammaBefore, doutBefore, size, null);

        var (dxCopy, dGammaCopy, dBetaCopy) = (dx.Clone(), dGamma.Clone(), dBeta.Clone());
        var dout2 = CheckData.Matrix(n, d, seed + 5) * -0.5;
        var again = $"a second Backward after the same Forward, {size}";
        var (dx2, dGamma2, dBeta2) = ScaleShiftBackward(layer, dout2, n, again);
        ScaleShiftGradients(dx2, dGamma2, dBeta2, xBefore, gammaBefore, dout2, again, (dGammaCopy, dBetaCopy));

        returned.Add((dx, dxCopy, $"the dx the first Backward returned ({size})"));
        returned.Add((dGamma, dGammaCopy, $"the DGamma of the first Backward ({size})"));
        returned.Add((dBeta, dBetaCopy, $"the DBeta of the first Backward ({size})"));
        returned.Add((output, outputCopy, $"the matrix Forward returned ({size})"));
        Unchanged(returned, "after a second Backward");
        Expect.UnchangedSince(x, xBefore, "x", "after two Backwards", "Backward wrote into the cached input x: compute new matrices");
    }

    private static (Matrix<double> Dx, Matrix<double> DGamma, Matrix<double> DBeta) ScaleShiftBackward(IScaleShiftLayer layer, Matrix<double> dout, int n, string size)
    {
        var d = dout.ColumnCount;
        var dx = Expect.Backward(() => layer.Backward(dout), size,
            "an index ran past a matrix: a loop bound taken from the wrong dimension (N = rows of x and dout, D = their columns) only fits while they happen to be equal",
            "shapes that do not fit: dx has the shape of x (N×D), DGamma and DBeta the shape of γ and β (1×D)",
            "operations whose shapes fit");
        Expect.Shaped(dx, n, d, $"dx = Backward(dout) for {size}", "dx has the shape of x (N×D)");
        var dGamma = layer.DGamma ?? throw new CheckFailedException($"DGamma after Backward(dout) for {size}", "a matrix", "null", "Backward must set DGamma, the gradient of γ");
        var dBeta = layer.DBeta ?? throw new CheckFailedException($"DBeta after Backward(dout) for {size}", "a matrix", "null", "Backward must set DBeta, the gradient of β");
        Expect.Shaped(dGamma, 1, d, $"DGamma for {size}",
            "DGamma has the shape of γ (1×D): γ[0, i] scaled feature i in every sample, so its gradient collects all N rows");
        Expect.Shaped(dBeta, 1, d, $"DBeta for {size}",
            "DBeta has the shape of β (1×D): β[0, i] was added to feature i in every sample, so its gradient collects all N rows");
        return (dx, dGamma, dBeta);
    }

    private static void ScaleShiftGradients(Matrix<double> dx, Matrix<double> dGamma, Matrix<double> dBeta, Matrix<double> x, Matrix<double> gamma,
        Matrix<double> dout, string size, (Matrix<double> DGamma, Matrix<double> DBeta)? earlier)
    {
        var (n, d) = (x.RowCount, x.ColumnCount);
        var rightDx = Loop(n, d, (r, i) => dout[r, i] * gamma[0, i]);
        Expect.Values(dx, rightDx, $"dx = Backward(dout) for {size}", "x[n, i] appears in out[n, i] only, with coefficient γ[0, i]",
            [new("dx ignores γ: x[n, i] was multiplied by γ[0, i] on its way out", dout.Clone()),
             new("dx is scaled by x: x's own coefficient in out[n, i] is γ[0, i] (x scales γ's gradient, not its own)", Loop(n, d, (r, i) => dout[r, i] * x[r, i])),
             new("dx ignores dout: every output's gradient scales what flows back through it", Loop(n, d, (_, i) => gamma[0, i])),
             new("the sign is flipped", -rightDx)]);
        var rightDGamma = Loop(1, d, (_, i) => Sum(n, r => dout[r, i] * x[r, i]));
        Expect.Values(dGamma, rightDGamma, $"DGamma for {size}",
            "γ[0, i] appears in out[n, i] for every sample n with coefficient x[n, i]: collect them over the batch",
            [new("DGamma misses x: γ[0, i] was multiplied by x[n, i], so each sample's gradient carries that factor", Loop(1, d, (_, i) => Sum(n, r => dout[r, i]))),
             new("DGamma ignores dout: each sample's term is scaled by the upstream gradient of its output", Loop(1, d, (_, i) => Sum(n, r => x[r, i]))),
             .. When(n == d, "summed over the wrong axis: one number per sample; γ needs one per feature (column)",
                () => Loop(1, d, (_, r) => Sum(d, i => dout[r, i] * x[r, i]))),
             .. When(n > 1, "only the first sample's gradient: γ scaled every row, so sum over all rows", () => Loop(1, d, (_, i) => dout[0, i] * x[0, i])),
             .. When(earlier is not null, "DGamma accumulates over Backward calls (+=): each Backward sets DGamma for its own dout", () => earlier!.Value.DGamma + rightDGamma),
             new("that is the mean over the batch: sum, don't average — " + NoDivision, rightDGamma / n),
             new("the sign is flipped", -rightDGamma)]);
        var rightDBeta = Loop(1, d, (_, i) => Sum(n, r => dout[r, i]));
        Expect.Values(dBeta, rightDBeta, $"DBeta for {size}",
            "β[0, i] appears in out[n, i] for every sample n with coefficient 1: collect them over the batch",
            [.. When(n == d, "summed over the wrong axis: one number per sample; β needs one per feature (column)", () => Loop(1, d, (_, r) => Sum(d, i => dout[r, i]))),
             new("DBeta is scaled by γ or x: β is added, its coefficient is 1", Loop(1, d, (_, i) => Sum(n, r => dout[r, i] * gamma[0, i]))),
             .. When(n > 1, "only the first sample's gradient: β was added to every row, so sum over all rows", () => Loop(1, d, (_, i) => dout[0, i])),
             .. When(earlier is not null, "DBeta accumulates over Backward calls (+=): each Backward sets DBeta for its own dout", () => earlier!.Value.DBeta + rightDBeta),
             new("that is the mean over the batch: sum, don't average — " + NoDivision, rightDBeta / n),
             new("the sign is flipped", -rightDBeta)]);
    }

    // ---------------------------------------------------------------- shared

    /// <summary>
    /// The k-th batch of a layer: x with a zero at [0, 0], every third batch scaled up 1000 times (large magnitudes);
    /// dout scaled by one of <see cref="DoutScales"/> (negative, tiny), with its last row zero when N &gt; 1 (a sample
    /// whose loss does not depend on this layer).
    /// </summary>
    private static (Matrix<double> X, Matrix<double> Dout) Batch(int n, int d, int outputs, int seed, int k)
    {
        var x = CheckData.Matrix(n, d, seed) * (k % 3 == 0 ? 1000 : 1);
        x[0, 0] = 0;
        var dout = CheckData.Matrix(n, outputs, seed + 3) * DoutScales[k % DoutScales.Length];
        if (n > 1 && k % 2 == 0) dout.ClearRow(n - 1);
        return (x, dout);
    }

    private static void Unchanged(List<(Matrix<double> Matrix, Matrix<double> Copy, string Label)> returned, string since)
    {
        foreach (var (matrix, copy, label) in returned)
            Expect.UnchangedSince(matrix, copy, label, since,
                "your layer overwrote a matrix it had handed out before (a reused buffer, or an update in place): the caller still holds it — compute new matrices every call");
    }

    private static Matrix<double> Loop(int rows, int columns, Func<int, int, double> element) => Matrix<double>.Build.Dense(rows, columns, element);

    private static double Sum(int count, Func<int, double> term)
    {
        var sum = 0.0;
        for (var i = 0; i < count; i++) sum += term(i);
        return sum;
    }

    private static IEnumerable<Mistake<Matrix<double>>> When(bool computable, string hint, Func<Matrix<double>> wrong) =>
        computable ? [new(hint, wrong())] : [];

    private static ITransposedWeightsLayer NewLinear(Func<Matrix<double>, ITransposedWeightsLayer> make, Matrix<double> w) =>
        make(w) ?? throw new CheckFailedException("the layer", "a new layer", "null", "the factory must return a new layer, e.g. w => new MyLinear(w)");

    private static IScaleShiftLayer NewScaleShift(Func<Matrix<double>, Matrix<double>, IScaleShiftLayer> make, Matrix<double> gamma, Matrix<double> beta) =>
        make(gamma, beta) ?? throw new CheckFailedException("the layer", "a new layer", "null", "the factory must return a new layer, e.g. (gamma, beta) => new MyScaleShift(gamma, beta)");
}
