using System.Globalization;
using Backprop.Gradients;
using Backprop.Layers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>
/// Checks of lesson 10's exercises: layer normalization's backward (batch normalization's graph with the statistics of
/// each sample), inverted dropout (the framework convention), and narrowing a random search's ranges.
/// </summary>
public static class Lesson10Checks
{
    private const string NoDivision = "a layer does not divide by N: the loss layer's /N already did, and dout carries it";

    // Upstream gradients of every size a network hands back: ordinary, negative, tiny.
    private static readonly double[] DoutScales = [-1.5, 2, 1e-4, -3e-3, 0.7];

    /// <summary>
    /// EXERCISE 10.1: Layer normalization backward. <paramref name="makeLayer"/> gets (γ, β, ε) and returns a new layer whose
    /// Forward (given) normalises each sample (row) over its D features — μ its mean, σ² its variance divided by D,
    /// x̂ = (x − μ)/√(σ² + ε), y = γ·x̂ + β with γ, β 1×D — and whose Backward(dout) (the learner's) sets DGamma and DBeta
    /// (1×D) and returns dx (N×D). Each layer gets batch after batch (N from 1 to 6, D = 2 to 5, N = D where a wrong axis is
    /// computable, inputs of order 1, 1000 and 0.001 — the last with σ² as small as ε — and a sample whose features are all
    /// equal), γ ≠ 1 with negative entries, dout negative or tiny, two Backwards per Forward; everything handed in or out
    /// unchanged. Expected values come from a node-by-node backward written here (mean, centring, square, variance, √,
    /// 1/√, scale, shift), then central differences for x, γ and β. The library's BatchNormalization is off limits.
    /// </summary>
    public static CheckResult LayerNormBackward(Func<Matrix<double>, Matrix<double>, double, ILayerNormLayer> makeLayer) =>
        Exercise.Check("10.1", "Layer normalization backward", () =>
        {
            ArgumentNullException.ThrowIfNull(makeLayer);
            // (D, batch sizes N, ε, scale of x, seed): one layer per γ, fed batch after batch as in training.
            foreach (var (d, sizes, epsilon, scale, seed) in new (int, int[], double, double, int)[]
                     { (3, [4, 3, 1, 2], 1e-6, 1, 301), (2, [5, 1, 2], 1e-6, 1, 311), (5, [2, 6], 1e-6, 1000, 321), (4, [3, 1], 1e-6, 1e-3, 331), (3, [2], 0.5, 1, 341) })
            {
                var gamma = CheckData.Matrix(1, d, seed);
                var beta = CheckData.Matrix(1, d, seed + 1);
                var (gammaBefore, betaBefore) = (gamma.Clone(), beta.Clone());
                var layer = NewLayerNorm(makeLayer, gamma, beta, epsilon);
                LibraryUse.Forbid(layer, "your Backward must be your own derivation: the library's BatchNormalization is not this layer (it normalises over the batch)",
                    typeof(BatchNormalization));
                var returned = new List<(Matrix<double> Matrix, Matrix<double> Copy, string Label)>();
                var k = 0;
                foreach (var n in sizes)
                    LayerNormBatch(layer, gamma, beta, gammaBefore, betaBefore, epsilon, n, scale, seed + 10 * ++k, k, returned);
            }

            // Gradient: Backward(dout) must be the gradient of Σ(Forward(x) ⊙ dout) with respect to x, γ and β.
            foreach (var (n, d, seed) in new[] { (3, 4, 351), (1, 3, 355) })
            {
                var (x, g, b, dout) = (CheckData.Matrix(n, d, seed), CheckData.Matrix(1, d, seed + 1), CheckData.Matrix(1, d, seed + 2), CheckData.Matrix(n, d, seed + 3));
                var probe = NewLayerNorm(makeLayer, g, b, 1e-6);
                probe.Forward(x);
                var size = $"x {n}×{d}, γ and β 1×{d}, dout {n}×{d}";
                var dx = LayerNormBackwardCall(probe, dout, size);
                var (dGamma, dBeta) = (probe.DGamma!, probe.DBeta!);
                double Projected() => CheckData.Projected(NewLayerNorm(makeLayer, g, b, 1e-6).Forward, x, dout);
                var hint = $"the backward pass disagrees with central differences of the forward pass ({size})";
                Expect.MatchesNumericalGradient(dx, NumericalGradient.Of(Projected, x), $"dx for {size}", hint);
                Expect.MatchesNumericalGradient(dGamma, NumericalGradient.Of(Projected, g), $"DGamma for {size}", hint);
                Expect.MatchesNumericalGradient(dBeta, NumericalGradient.Of(Projected, b), $"DBeta for {size}", hint);
            }
        });

    /// <summary>
    /// EXERCISE 10.2: Inverted dropout. <paramref name="makeLayer"/> gets (ratio p, random) and returns a new layer that in
    /// training keeps each unit with probability 1 − p, drawn from the given random anew at every Forward, and scales kept
    /// units by 1/(1 − p) (dropped ones are 0); at inference (Training false) Forward returns x's values unchanged; Backward
    /// lets dout through where the last Forward kept x, with the same scale (or unchanged after an inference Forward).
    /// Checked by behaviour, not by one order of draws: on 120,000 units for p = 0.2, 0.7 and 0.5 every output is 0 or x/(1 − p),
    /// the kept share is within six standard deviations of 1 − p, Backward's non-zeros sit where the output's are (twice
    /// after one Forward), a second Forward draws another mask; p = 0 and inference are the identity; two layers with
    /// equally seeded randoms agree; small shapes (1×1, 1×5, 3×1); nothing handed in or out changes. The library's Dropout
    /// is off limits.
    /// </summary>
    public static CheckResult InvertedDropout(Func<double, Random, IDropoutLayer> makeLayer) =>
        Exercise.Check("10.2", "Inverted dropout", () =>
        {
            ArgumentNullException.ThrowIfNull(makeLayer);
            var first = NewDropout(makeLayer, 0.2, new Random(401));
            LibraryUse.Forbid(first, "your layer must draw and apply its own mask: the library's Dropout follows the book (it scales at inference)", typeof(Dropout));

            // Small shapes first: the output has x's shape, and Backward dout's.
            foreach (var (n, d) in new[] { (1, 1), (1, 5), (3, 1) })
            {
                var layer = NewDropout(makeLayer, 0.5, new Random(402 + n + d));
                var x = CheckData.Matrix(n, d, 403 + n);
                var size = $"x {n}×{d}, ratio 0.5";
                Expect.Shaped(layer.Forward(x), n, d, $"Forward(x) in training for {size}", "dropout keeps x's shape: a dropped unit is 0, not removed");
                Expect.Shaped(layer.Backward(CheckData.Matrix(n, d, 404 + n)), n, d, $"Backward(dout) for {size}", "dx has the shape of dout");
            }

            // Training with p > 0, then inference, then training again on the same layer.
            foreach (var (p, seed) in new[] { (0.2, 411), (0.7, 421), (0.5, 431) })
            {
                var layer = NewDropout(makeLayer, p, new Random(seed));
                var returned = new List<(Matrix<double> Matrix, Matrix<double> Copy, string Label)>();
                var x = CheckData.Matrix(300, 400, seed + 1);
                var kept = DropoutTraining(layer, x, p, seed, returned, "a first training Forward");
                var again = DropoutTraining(layer, x, p, seed + 5, returned, "a second training Forward on the same x");
                if (kept.Equals(again))
                    throw new CheckFailedException($"the units kept by two training Forwards on the same x (ratio {p})", "two different masks",
                        "the same units kept twice", "draw a NEW mask at every training Forward: a mask drawn once (in the constructor or the first Forward) drops the same units for ever");
                DropoutInference(layer, x, p, seed + 7, returned);
                layer.Training = true;
                DropoutTraining(layer, x, p, seed + 9, returned, "a training Forward after an inference one");
                Unchanged(returned, "after later calls");
            }

            // p = 0 keeps every unit, unscaled.
            {
                var layer = NewDropout(makeLayer, 0, new Random(441));
                var x = CheckData.Matrix(20, 30, 442);
                var dout = CheckData.Matrix(20, 30, 443);
                Expect.Values(layer.Forward(x), x, "Forward(x) in training with ratio 0", "with ratio 0 no unit is dropped and 1/(1 − 0) = 1: the output is x");
                Expect.Values(layer.Backward(dout), dout, "Backward(dout) after a training Forward with ratio 0", "with ratio 0 every unit was kept unscaled: dx is dout");
            }

            // Two layers with equally seeded randoms drop the same units: the draws come from the random handed in.
            {
                var x = CheckData.Matrix(10, 20, 451);
                var a = NewDropout(makeLayer, 0.5, new Random(452)).Forward(x);
                var b = NewDropout(makeLayer, 0.5, new Random(452)).Forward(x);
                if (!Expect.Close(a, b))
                    throw new CheckFailedException("Forward(x) of two layers made with new Random(452) each", "the same outputs", "different outputs",
                        "draw from the Random you are given, not from a new Random() of your own: a seeded run must repeat");
            }
        });

    /// <summary>
    /// EXERCISE 10.3: Narrowing the search (the book's 6.5.3). <paramref name="narrow"/> gets the trials of a random search
    /// and k (1 ≤ k ≤ number of trials) and returns, for the learning rate and for the weight decay, the range of the
    /// exponents (log10) of the k trials with the best VALIDATION accuracy: the lowest and the highest. Where trials tie
    /// in validation accuracy, the one earlier in the list ranks first (as a stable sort keeps them, like the book's
    /// <c>sorted(…, reverse=True)</c>). Checked on 20, 7 and 12 trials with k = 5, 1, the count, 3 and 4, the same trials in
    /// another order, and ties at the k-th place; the list is handed in read-only.
    /// </summary>
    public static CheckResult NarrowSearch(Func<IReadOnlyList<Trial>, int, (ExponentRange LearningRate, ExponentRange WeightDecay)> narrow) =>
        Exercise.Check("10.3", "Narrowing the search", () =>
        {
            ArgumentNullException.ThrowIfNull(narrow);
            var random = new Random(501);
            var twenty = Trials(random, 20);
            // The 5th-best trial sits at the edge of both ranges, so that k − 1 trials give other ranges.
            var fifthBest = Ranked(twenty, t => t.ValidationAccuracy).ElementAt(4);
            twenty[fifthBest] = twenty[fifthBest] with { LearningRate = Math.Pow(10, -5.99), WeightDecay = Math.Pow(10, -4.01) };
            var seven = Trials(random, 7);
            var twelve = Trials(random, 12);
            // Ties: two trials share the 4th-best validation accuracy...
            var tied = Trials(random, 12);
            var ranked = Ranked(tied, t => t.ValidationAccuracy).ToArray();
            var (fourth, fifth) = (ranked[3], ranked[4]);
            // ...and exponents beyond every other trial's, so which of the two counts shows in both ranges.
            tied[fourth] = tied[fourth] with { LearningRate = Math.Pow(10, -6.5), WeightDecay = Math.Pow(10, -8.5) };
            tied[fifth] = tied[fifth] with { LearningRate = Math.Pow(10, -1.5), WeightDecay = Math.Pow(10, -3.5), ValidationAccuracy = tied[fourth].ValidationAccuracy };
            var cases = new (Trial[] Trials, int K, string Label)[]
            {
                (twenty, 5, "20 trials, k = 5"),
                ([.. twenty.Reverse()], 5, "the same 20 trials in reverse order, k = 5"),
                (seven, 1, "7 trials, k = 1"),
                (seven, 7, "7 trials, k = 7"),
                (twelve, 3, "12 trials, k = 3"),
                (tied, 4, $"12 trials where trials {Math.Min(fourth, fifth)} and {Math.Max(fourth, fifth)} (counting from 0) tie for the 4th-best validation accuracy, k = 4"),
            };
            foreach (var (trials, k, label) in cases)
            {
                var handed = Array.AsReadOnly(trials.ToArray());
                (ExponentRange LearningRate, ExponentRange WeightDecay) got;
                try { got = narrow(handed, k); }
                catch (ArgumentOutOfRangeException e)
                {
                    throw new CheckFailedException($"Narrow(trials, {k}) for {label}", "the ranges", $"{e.GetType().Name}: {e.Message}",
                        "an index ran past the trials: take the first k of the ranked trials (indices 0 to k − 1)");
                }
                if (got.LearningRate is null || got.WeightDecay is null)
                    throw new CheckFailedException($"Narrow(trials, {k}) for {label}", "two ranges", "null", "return a new ExponentRange for each hyperparameter");
                var expected = Narrowed(trials, k, t => t.ValidationAccuracy, best: true, Math.Log10, earlierFirst: true);
                if (Same(got, expected)) continue;
                var mistakes = new (string Hint, (ExponentRange, ExponentRange) Wrong)[]
                {
                    // First: only the case with a tie can tell it, and there another mistake may give the same ranges by chance.
                    ("at a tie the LATER trial was taken: where validation accuracies are equal, the trial earlier in the list ranks first (a stable sort)",
                        Narrowed(trials, k, t => t.ValidationAccuracy, best: true, Math.Log10, earlierFirst: false)),
                    ("the trials were ranked by TRAINING accuracy: a range that fits the training data best may only overfit it; rank by validation accuracy",
                        Narrowed(trials, k, t => t.TrainAccuracy, best: true, Math.Log10, earlierFirst: true)),
                    ("those are the k WORST trials: rank from the highest validation accuracy down",
                        Narrowed(trials, k, t => t.ValidationAccuracy, best: false, Math.Log10, earlierFirst: true)),
                    ("those are the values, not their exponents: the search draws 10^e, so the range is of e = log10(value)",
                        Narrowed(trials, k, t => t.ValidationAccuracy, best: true, v => v, earlierFirst: true)),
                    ("that is the natural logarithm: the exponents are powers of TEN (Math.Log10)",
                        Narrowed(trials, k, t => t.ValidationAccuracy, best: true, Math.Log, earlierFirst: true)),
                    ($"that is the range of the best {k + 1} trials: take exactly k",
                        Narrowed(trials, Math.Min(k + 1, trials.Length), t => t.ValidationAccuracy, best: true, Math.Log10, earlierFirst: true)),
                    ($"that is the range of the best {k - 1} trials: take exactly k",
                        k > 1 ? Narrowed(trials, k - 1, t => t.ValidationAccuracy, best: true, Math.Log10, earlierFirst: true) : (new(double.NaN, double.NaN), new(double.NaN, double.NaN))),
                    ("the two ranges are swapped: the first is the learning rate's, the second the weight decay's",
                        Swapped(expected)),
                    ("Low and High are swapped: Low is the smallest exponent", (Flipped(expected.Item1), Flipped(expected.Item2))),
                };
                var hint = mistakes.FirstOrDefault(m => Same(got, m.Wrong)).Hint
                    ?? "rank the trials by validation accuracy (best first, earlier first at a tie), take k, and return the smallest and largest log10 of each hyperparameter";
                throw new CheckFailedException($"Narrow(trials, {k}) for {label}", Text(expected), Text(got), hint);
            }
        });

    // ---------------------------------------------------------------- 10.1

    private static void LayerNormBatch(ILayerNormLayer layer, Matrix<double> gamma, Matrix<double> beta, Matrix<double> gammaBefore, Matrix<double> betaBefore,
        double epsilon, int n, double scale, int seed, int k, List<(Matrix<double> Matrix, Matrix<double> Copy, string Label)> returned)
    {
        var d = gamma.ColumnCount;
        var x = CheckData.Matrix(n, d, seed) * scale;
        if (k == 2 && n > 1) x.SetRow(1, Vector<double>.Build.Dense(d, 0.75 * scale));   // a sample whose features are all equal: σ² = 0
        var dout = CheckData.Matrix(n, d, seed + 3) * DoutScales[k % DoutScales.Length];
        var (xBefore, doutBefore) = (x.Clone(), dout.Clone());
        var size = $"x {n}×{d} (values of order {Expect.Text(scale)}), γ and β 1×{d}, ε = {(epsilon < 0.01 ? epsilon.ToString("0e0", CultureInfo.InvariantCulture) : Expect.Text(epsilon))}, dout {n}×{d}";

        var reference = new LayerNormReference(xBefore, gammaBefore, betaBefore, epsilon);
        var output = layer.Forward(x);
        Expect.Shaped(output, n, d, $"Forward(x) for {size}", "Forward is given: restore it as the exercise cell had it");
        var outputCopy = output.Clone();
        Expect.Values(outputCopy, reference.Output, $"Forward(x) for {size}", "Forward is given: restore it as the exercise cell had it");
        Expect.UnchangedSince(x, xBefore, "x", "after Forward", "Forward wrote into its input x: compute a new matrix");

        var (dx, dGamma, dBeta) = LayerNormBackwardAll(layer, dout, size);
        Expect.Unchanged(dout, doutBefore, "dout", "Backward wrote into dout, the caller's matrix (in place): compute new matrices");
        Expect.Unchanged(x, xBefore, "x", "Backward wrote into the input x, which is the caller's matrix: compute new matrices");
        Expect.Unchanged(gamma, gammaBefore, "γ", "Backward changed γ: it only computes gradients; updating γ is the optimizer's job");
        Expect.Unchanged(beta, betaBefore, "β", "Backward changed β: it only computes gradients; updating β is the optimizer's job");
        LayerNormGradients(dx, dGamma, dBeta, reference, doutBefore, size, null);

        // A second Backward after the same Forward, with another dout; nothing handed out before may change.
        var (dxCopy, dGammaCopy, dBetaCopy) = (dx.Clone(), dGamma.Clone(), dBeta.Clone());
        var dout2 = CheckData.Matrix(n, d, seed + 5) * -0.5;
        var again = $"a second Backward after the same Forward, {size}";
        var (dx2, dGamma2, dBeta2) = LayerNormBackwardAll(layer, dout2, again);
        LayerNormGradients(dx2, dGamma2, dBeta2, reference, dout2, again, (dGammaCopy, dBetaCopy));

        returned.Add((dx, dxCopy, $"the dx the first Backward returned ({size})"));
        returned.Add((dGamma, dGammaCopy, $"the DGamma of the first Backward ({size})"));
        returned.Add((dBeta, dBetaCopy, $"the DBeta of the first Backward ({size})"));
        returned.Add((output, outputCopy, $"the matrix Forward returned ({size})"));
        Unchanged(returned, "after a second Backward");
        Expect.UnchangedSince(x, xBefore, "x", "after two Backwards", "Backward wrote into the input x: compute new matrices");
    }

    private static Matrix<double> LayerNormBackwardCall(ILayerNormLayer layer, Matrix<double> dout, string size) =>
        LayerNormBackwardAll(layer, dout, size).Dx;

    private static (Matrix<double> Dx, Matrix<double> DGamma, Matrix<double> DBeta) LayerNormBackwardAll(ILayerNormLayer layer, Matrix<double> dout, string size)
    {
        var (n, d) = (dout.RowCount, dout.ColumnCount);
        var dx = Expect.Backward(() => layer.Backward(dout), size,
            "an index ran past a matrix: a loop bound taken from the wrong dimension (N = rows of x and dout, D = their columns) only fits while they happen to be equal",
            "shapes that do not fit: dx has the shape of x (N×D), DGamma and DBeta the shape of γ and β (1×D); a sample's statistics are one number per ROW",
            "operations whose shapes fit");
        Expect.Shaped(dx, n, d, $"dx = Backward(dout) for {size}", "dx has the shape of x (N×D)");
        var dGamma = layer.DGamma ?? throw new CheckFailedException($"DGamma after Backward(dout) for {size}", "a matrix", "null", "Backward must set DGamma, the gradient of γ");
        var dBeta = layer.DBeta ?? throw new CheckFailedException($"DBeta after Backward(dout) for {size}", "a matrix", "null", "Backward must set DBeta, the gradient of β");
        Expect.Shaped(dGamma, 1, d, $"DGamma for {size}",
            "DGamma has the shape of γ (1×D): γ[0, j] scaled feature j of every sample, so sum its gradient over the batch");
        Expect.Shaped(dBeta, 1, d, $"DBeta for {size}",
            "DBeta has the shape of β (1×D): β[0, j] was added to feature j of every sample, so sum its gradient over the batch");
        return (dx, dGamma, dBeta);
    }

    private static void LayerNormGradients(Matrix<double> dx, Matrix<double> dGamma, Matrix<double> dBeta, LayerNormReference r, Matrix<double> dout,
        string size, (Matrix<double> DGamma, Matrix<double> DBeta)? earlier)
    {
        var (n, d) = (dout.RowCount, dout.ColumnCount);
        var rightDx = r.Dx(dout);
        var secondCall = earlier is not null;
        Expect.Values(dx, rightDx, $"dx = Backward(dout) for {size}",
            secondCall
                ? "the first Backward after this Forward was right, the second is not: Backward must not change what Forward kept (x̂, √(σ² + ε)) — compute new matrices"
                : "follow the graph node by node: each xᵢⱼ reaches y through x̂ᵢⱼ directly, through its sample's mean and through its sample's variance, and the three paths add up",
            [new("the sums run over the batch (each feature's column), as in batch normalization: in layer normalization μ and σ² belong to one sample, so the mean's and the variance's branches add up over that sample's D features (its row)",
                 r.Variant(dout, overBatch: true)),
             new("the mean's branch is missing: μ feeds every feature of its sample, so −(its gradient)/D flows back to each of them",
                 r.Variant(dout, mean: false)),
             new("the variance's branch is missing: σ² depends on every feature of its sample (and on μ), so its gradient flows back to each of them",
                 r.Variant(dout, variance: false)),
             new("both the mean's and the variance's branches are missing: μ and σ² depend on x too, they are not constants",
                 r.Variant(dout, mean: false, variance: false)),
             new("the variance is divided by D − 1 in your backward: Forward divides by D (the population variance), and the backward must differentiate that",
                 r.Variant(dout, varianceDivisor: d - 1)),
             new("γ is missing from dx: y = γ·x̂ + β, so the gradient reaching x̂ is dout·γ", r.Variant(dout, useGamma: false)),
             new("the sign is flipped", -rightDx)]);

        var rightDGamma = Matrix<double>.Build.Dense(1, d, (_, j) => Enumerable.Range(0, n).Sum(i => dout[i, j] * r.XHat[i, j]));
        Expect.Values(dGamma, rightDGamma, $"DGamma for {size}", "γ[0, j] appears in y[i, j] for every sample i with coefficient x̂[i, j]: collect them over the batch",
            [new("DGamma misses x̂: γ[0, j] multiplied x̂[i, j], so each sample's term carries that factor", Matrix<double>.Build.Dense(1, d, (_, j) => Enumerable.Range(0, n).Sum(i => dout[i, j]))),
             .. When(n == d, "summed over the wrong axis: one number per sample; γ needs one per feature (column)",
                () => Matrix<double>.Build.Dense(1, d, (_, i) => Enumerable.Range(0, d).Sum(j => dout[i, j] * r.XHat[i, j]))),
             .. When(n > 1, "only the first sample's gradient: γ scaled every row, so sum over the batch", () => Matrix<double>.Build.Dense(1, d, (_, j) => dout[0, j] * r.XHat[0, j])),
             .. When(earlier is not null, "DGamma accumulates over Backward calls (+=): each Backward sets DGamma for its own dout", () => earlier!.Value.DGamma + rightDGamma),
             .. When(n > 1, "that is the mean over the batch: sum, don't average — " + NoDivision, () => rightDGamma / n),
             new("the sign is flipped", -rightDGamma)]);
        var rightDBeta = Matrix<double>.Build.Dense(1, d, (_, j) => Enumerable.Range(0, n).Sum(i => dout[i, j]));
        Expect.Values(dBeta, rightDBeta, $"DBeta for {size}", "β[0, j] appears in y[i, j] for every sample i with coefficient 1: collect them over the batch",
            [.. When(n == d, "summed over the wrong axis: one number per sample; β needs one per feature (column)",
                () => Matrix<double>.Build.Dense(1, d, (_, i) => Enumerable.Range(0, d).Sum(j => dout[i, j]))),
             .. When(n > 1, "only the first sample's gradient: β was added to every row, so sum over the batch", () => Matrix<double>.Build.Dense(1, d, (_, j) => dout[0, j])),
             .. When(earlier is not null, "DBeta accumulates over Backward calls (+=): each Backward sets DBeta for its own dout", () => earlier!.Value.DBeta + rightDBeta),
             .. When(n > 1, "that is the mean over the batch: sum, don't average — " + NoDivision, () => rightDBeta / n),
             new("the sign is flipped", -rightDBeta)]);
    }

    /// <summary>
    /// Layer normalization computed here, sample by sample: the forward pass, the backward node by node (the expected
    /// values), and the compact backward with one part changed (the typical wrong answers, named by the hints).
    /// </summary>
    private sealed class LayerNormReference
    {
        private readonly Matrix<double> _centred, _gamma;
        private readonly double[] _std;

        public LayerNormReference(Matrix<double> x, Matrix<double> gamma, Matrix<double> beta, double epsilon)
        {
            var (n, d) = (x.RowCount, x.ColumnCount);
            _gamma = gamma;
            _centred = Matrix<double>.Build.Dense(n, d);
            _std = new double[n];
            XHat = Matrix<double>.Build.Dense(n, d);
            for (var i = 0; i < n; i++)
            {
                var mean = 0.0;
                for (var j = 0; j < d; j++) mean += x[i, j];
                mean /= d;
                var variance = 0.0;
                for (var j = 0; j < d; j++)
                {
                    _centred[i, j] = x[i, j] - mean;
                    variance += _centred[i, j] * _centred[i, j];
                }
                variance /= d;
                _std[i] = Math.Sqrt(variance + epsilon);
                for (var j = 0; j < d; j++) XHat[i, j] = _centred[i, j] / _std[i];
            }
            Output = Matrix<double>.Build.Dense(n, d, (i, j) => gamma[0, j] * XHat[i, j] + beta[0, j]);
        }

        public Matrix<double> XHat { get; }

        public Matrix<double> Output { get; }

        /// <summary>Node by node, one sample at a time: scale, 1/std, std = √(var + ε), var = mean of squares, centring, mean.</summary>
        public Matrix<double> Dx(Matrix<double> dout)
        {
            var (n, d) = (dout.RowCount, dout.ColumnCount);
            var dx = Matrix<double>.Build.Dense(n, d);
            for (var i = 0; i < n; i++)
            {
                var dXHat = new double[d];
                var dInverseStd = 0.0;
                for (var j = 0; j < d; j++)
                {
                    dXHat[j] = dout[i, j] * _gamma[0, j];                  // y = γ·x̂ + β
                    dInverseStd += dXHat[j] * _centred[i, j];              // x̂ = xc · (1/std): the 1/std node's gradient
                }
                var dStd = -dInverseStd / (_std[i] * _std[i]);             // 1/std
                var dVariance = dStd / (2 * _std[i]);                      // std = √(var + ε)
                var dCentred = new double[d];
                var dMean = 0.0;
                for (var j = 0; j < d; j++)
                {
                    dCentred[j] = dXHat[j] / _std[i]                       // the direct path through x̂
                                  + dVariance / d * 2 * _centred[i, j];    // var = (1/D)·Σ xc²
                    dMean -= dCentred[j];                                  // xc = x − μ
                }
                for (var j = 0; j < d; j++) dx[i, j] = dCentred[j] + dMean / d;  // μ = (1/D)·Σ x
            }
            return dx;
        }

        /// <summary>The compact backward with one part changed: the sums' axis, a branch left out, the variance's divisor, γ left out.</summary>
        public Matrix<double> Variant(Matrix<double> dout, bool overBatch = false, bool mean = true, bool variance = true, int? varianceDivisor = null, bool useGamma = true)
        {
            var (n, d) = (dout.RowCount, dout.ColumnCount);
            var dXHat = Matrix<double>.Build.Dense(n, d, (i, j) => dout[i, j] * (useGamma ? _gamma[0, j] : 1));
            var product = dXHat.PointwiseMultiply(XHat);
            // The two sums each element's gradient needs, over its row (right) or its column (batch normalization's axis), as means.
            double MeanOf(Matrix<double> m, int i, int j, double divisor) => overBatch
                ? Enumerable.Range(0, n).Sum(r => m[r, j]) / divisor
                : Enumerable.Range(0, d).Sum(c => m[i, c]) / divisor;
            var count = overBatch ? n : d;
            return Matrix<double>.Build.Dense(n, d, (i, j) =>
                (dXHat[i, j]
                 - (mean ? MeanOf(dXHat, i, j, count) : 0)
                 - (variance ? XHat[i, j] * MeanOf(product, i, j, varianceDivisor ?? count) : 0)) / _std[i]);
        }
    }

    private static ILayerNormLayer NewLayerNorm(Func<Matrix<double>, Matrix<double>, double, ILayerNormLayer> make, Matrix<double> gamma, Matrix<double> beta, double epsilon) =>
        make(gamma, beta, epsilon) ?? throw new CheckFailedException("the layer", "a new layer", "null",
            "the factory must return a new layer, e.g. (gamma, beta, epsilon) => new MyLayerNorm(gamma, beta, epsilon)");

    // ---------------------------------------------------------------- 10.2

    /// <summary>One training Forward and two Backwards; returns the mask of kept units (1 kept, 0 dropped).</summary>
    private static Matrix<double> DropoutTraining(IDropoutLayer layer, Matrix<double> x, double p, int seed, List<(Matrix<double> Matrix, Matrix<double> Copy, string Label)> returned, string which)
    {
        var (n, d) = (x.RowCount, x.ColumnCount);
        var xBefore = x.Clone();
        var size = $"x {n}×{d}, ratio {p}";
        var output = layer.Forward(x);
        Expect.Shaped(output, n, d, $"Forward(x) in training for {size}", "dropout keeps x's shape: a dropped unit is 0, not removed");
        var outputCopy = output.Clone();
        Expect.UnchangedSince(x, xBefore, "x", "after Forward", "Forward wrote into its input x (e.g. PointwiseMultiply(mask, x)): compute a new matrix");

        // Every output is 0 (dropped) or x/(1 − p) (kept).
        var scale = 1 / (1 - p);
        var kept = Matrix<double>.Build.Dense(n, d);
        for (var i = 0; i < n; i++)
            for (var j = 0; j < d; j++)
            {
                var o = output[i, j];
                if (Expect.Close(o, x[i, j] * scale)) kept[i, j] = 1;
                else if (o != 0)
                {
                    var hint = Expect.Close(o, x[i, j] * (1 - p)) ? "kept units were multiplied by 1 − p: inverted dropout DIVIDES them by 1 − p, so that the expected output is x"
                        : Expect.Close(o, x[i, j]) ? "kept units are not scaled: inverted dropout divides them by 1 − p in training, so that inference needs no scaling"
                        : "each output is either 0 (dropped) or the input divided by 1 − p (kept)";
                    throw new CheckFailedException($"out[{i}, {j}] of {which} ({size}), x[{i}, {j}] = {Expect.Text(x[i, j])}",
                        $"0 or {Expect.Text(x[i, j] * scale)}", Expect.Text(o), hint);
                }
            }

        // The share kept: 1 − p within six standard deviations of a binomial share.
        var count = n * d;
        var share = kept.Enumerate().Sum() / count;
        var bound = 6 * Math.Sqrt(p * (1 - p) / count);
        if (!(Math.Abs(share - (1 - p)) <= bound))
        {
            var hint = Math.Abs(share - p) <= bound
                ? "you keep a unit with probability p, the ratio of DROPPED units: keep it where the draw is ≥ p (with probability 1 − p)"
                : "keep each unit independently with probability 1 − p, one draw per unit";
            throw new CheckFailedException($"share of the {count:N0} units kept by {which} ({size})", $"{Expect.Text(1 - p)} ± {Expect.Text(bound)}", Expect.Text(share), hint);
        }

        // Backward lets dout through, scaled the same, where this Forward kept x — twice, with two douts.
        foreach (var (dout, label) in new[] { (CheckData.Matrix(n, d, seed + 2) * -1.5, "Backward(dout)"), (CheckData.Matrix(n, d, seed + 3) * 1e-3, "a second Backward(dout) after the same Forward") })
        {
            var doutBefore = dout.Clone();
            var dx = Expect.Backward(() => layer.Backward(dout), size,
                "an index ran past a matrix: the mask has the shape of x (N×D)", "shapes that do not fit: the mask has the shape of x and dout (N×D)", "operations whose shapes fit");
            Expect.Shaped(dx, n, d, $"{label} after {which} ({size})", "dx has the shape of dout");
            Expect.Unchanged(dout, doutBefore, "dout", "Backward wrote into dout, the caller's matrix (in place): compute a new matrix");
            var dxCopy = dx.Clone();
            for (var i = 0; i < n; i++)
                for (var j = 0; j < d; j++)
                {
                    var right = kept[i, j] * dout[i, j] * scale;
                    if (Expect.Close(dx[i, j], right)) continue;
                    var hint = kept[i, j] == 1 && Expect.Close(dx[i, j], dout[i, j])
                            ? "Backward does not scale: the kept units were divided by 1 − p in Forward, so their gradient is divided by 1 − p too"
                        : kept[i, j] == 1 && Expect.Close(dx[i, j], dout[i, j] * (1 - p))
                            ? "Backward multiplies by 1 − p: Forward divided the kept units by 1 − p, and so does their gradient"
                        : (kept[i, j] == 1) != (dx[i, j] != 0)
                            ? "the gradient passes where the last Forward dropped x (or is stopped where it kept x): use the mask of the last Forward — draw no new one in Backward"
                            : "dx is dout where the last Forward kept the unit, scaled as Forward scaled it, and 0 where it dropped it";
                    throw new CheckFailedException($"dx[{i}, {j}] of {label} after {which} ({size}), which {(kept[i, j] == 1 ? "kept" : "dropped")} unit [{i}, {j}]",
                        Expect.Text(right), Expect.Text(dx[i, j]), hint);
                }
            returned.Add((dx, dxCopy, $"the dx of {label} after {which} ({size})"));
        }
        returned.Add((output, outputCopy, $"the matrix {which} returned ({size})"));
        Expect.UnchangedSince(x, xBefore, "x", "after Backward", "Backward wrote into x, the caller's matrix: compute new matrices");
        return kept;
    }

    private static void DropoutInference(IDropoutLayer layer, Matrix<double> x, double p, int seed, List<(Matrix<double> Matrix, Matrix<double> Copy, string Label)> returned)
    {
        var (n, d) = (x.RowCount, x.ColumnCount);
        var xBefore = x.Clone();
        var size = $"x {n}×{d}, ratio {p}";
        layer.Training = false;
        var output = layer.Forward(x);
        Expect.Shaped(output, n, d, $"Forward(x) at inference for {size}", "at inference the output is x itself");
        Expect.Values(output, xBefore, $"Forward(x) at inference (Training = false) for {size}",
            "at inference every unit is kept and nothing is scaled: the training Forward's division by 1 − p already made the expected output x",
            [new("that is the book's dropout, which scales at inference: inverted dropout scales in training instead, so inference returns x unchanged", xBefore * (1 - p)),
             new("that divides at inference too: the training Forward already divided by 1 − p; inference returns x unchanged", xBefore / (1 - p))]);
        var outputCopy = output.Clone();
        var dout = CheckData.Matrix(n, d, seed) * 0.5;
        var doutBefore = dout.Clone();
        var dx = Expect.Backward(() => layer.Backward(dout), size,
            "an index ran past a matrix", "shapes that do not fit", "operations whose shapes fit");
        Expect.Values(dx, doutBefore, $"Backward(dout) after an inference Forward for {size}",
            "after an inference Forward, which passed x unchanged, Backward passes dout unchanged (no mask, no scale)",
            [new("that scales at inference: the inference Forward passed x unchanged, so its gradient is dout unchanged", doutBefore * (1 - p)),
             new("that divides at inference: the inference Forward passed x unchanged, so its gradient is dout unchanged", doutBefore / (1 - p))]);
        Expect.Unchanged(dout, doutBefore, "dout", "Backward wrote into dout, the caller's matrix: compute a new matrix");
        Expect.Unchanged(x, xBefore, "x", "Forward or Backward wrote into x, the caller's matrix: compute new matrices");
        if (!ReferenceEquals(output, x)) returned.Add((output, outputCopy, $"the matrix the inference Forward returned ({size})"));
        if (!ReferenceEquals(dx, dout)) returned.Add((dx, dx.Clone(), $"the dx of the Backward after the inference Forward ({size})"));
    }

    private static IDropoutLayer NewDropout(Func<double, Random, IDropoutLayer> make, double p, Random random) =>
        make(p, random) ?? throw new CheckFailedException("the layer", "a new layer", "null", "the factory must return a new layer, e.g. (ratio, random) => new MyInvertedDropout(ratio, random)");

    // ---------------------------------------------------------------- 10.3

    /// <summary>Trials as the book's search draws them: learning rate 10^U(−6, −2), weight decay 10^U(−8, −4); accuracies with distinct ranks.</summary>
    private static Trial[] Trials(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(_ =>
        {
            var train = Math.Round(CheckData.Number(random, 0.1, 1.0), 4);
            // Validation follows training loosely, so ranking by the one differs from ranking by the other.
            var validation = Math.Round(Math.Clamp(train - CheckData.Number(random, 0, 0.3), 0.05, 1), 4);
            return new Trial(Math.Pow(10, CheckData.Number(random, -6, -2)), Math.Pow(10, CheckData.Number(random, -8, -4)), train, validation);
        })];

    /// <summary>Indices from the best score down; at a tie the earlier index first (or the later one).</summary>
    private static IEnumerable<int> Ranked(Trial[] trials, Func<Trial, double> score, bool best = true, bool earlierFirst = true)
    {
        var indices = Enumerable.Range(0, trials.Length).ToList();
        indices.Sort((a, b) =>
        {
            var byScore = best ? score(trials[b]).CompareTo(score(trials[a])) : score(trials[a]).CompareTo(score(trials[b]));
            return byScore != 0 ? byScore : earlierFirst ? a.CompareTo(b) : b.CompareTo(a);
        });
        return indices;
    }

    private static (ExponentRange, ExponentRange) Narrowed(Trial[] trials, int k, Func<Trial, double> score, bool best, Func<double, double> exponent, bool earlierFirst)
    {
        var chosen = Ranked(trials, score, best, earlierFirst).Take(k).Select(i => trials[i]).ToArray();
        ExponentRange Range(Func<Trial, double> value) => new(chosen.Min(t => exponent(value(t))), chosen.Max(t => exponent(value(t))));
        return (Range(t => t.LearningRate), Range(t => t.WeightDecay));
    }

    private static (ExponentRange, ExponentRange) Swapped((ExponentRange A, ExponentRange B) ranges) => (ranges.B, ranges.A);

    private static ExponentRange Flipped(ExponentRange r) => new(r.High, r.Low);

    private static bool Same((ExponentRange LearningRate, ExponentRange WeightDecay) got, (ExponentRange LearningRate, ExponentRange WeightDecay) expected) =>
        Expect.Close(got.LearningRate.Low, expected.LearningRate.Low) && Expect.Close(got.LearningRate.High, expected.LearningRate.High)
        && Expect.Close(got.WeightDecay.Low, expected.WeightDecay.Low) && Expect.Close(got.WeightDecay.High, expected.WeightDecay.High);

    private static string Text((ExponentRange LearningRate, ExponentRange WeightDecay) r) =>
        $"learning rate 10^{Expect.Text(r.LearningRate.Low)} … 10^{Expect.Text(r.LearningRate.High)}, weight decay 10^{Expect.Text(r.WeightDecay.Low)} … 10^{Expect.Text(r.WeightDecay.High)}";

    // ---------------------------------------------------------------- shared

    private static void Unchanged(List<(Matrix<double> Matrix, Matrix<double> Copy, string Label)> returned, string since)
    {
        foreach (var (matrix, copy, label) in returned)
            Expect.UnchangedSince(matrix, copy, label, since,
                "your layer overwrote a matrix it had handed out before (a reused buffer, or an update in place): the caller still holds it — compute new matrices every call");
    }

    private static IEnumerable<Mistake<Matrix<double>>> When(bool computable, string hint, Func<Matrix<double>> wrong) =>
        computable ? [new(hint, wrong())] : [];
}
