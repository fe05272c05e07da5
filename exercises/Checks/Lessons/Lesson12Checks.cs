using Backprop.Autograd;
using Backprop.Gradients;
using Backprop.Layers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>
/// Checks of lesson 12's exercises: new <see cref="Tensor"/> operations with their own backward, the batch-norm block
/// backpropagated by hand step by step, and its fused backward — each against the library's <see cref="Tensor"/> autograd
/// or central differences.
/// </summary>
public static class Lesson12Checks
{
    private const string Assigned = "assigned (=) instead of accumulated (+=): in f(x) ⊙ x the input x already holds the product's share when your backward runs; add yours to it";
    private const string Upstream = "the output's gradient output.Grad is missing: multiply the local derivative by it, element by element (a vector–Jacobian product)";

    /// <summary>
    /// EXERCISE 12.1: three operations the library's <see cref="Tensor"/> does not have, each one operation made with
    /// <c>new Tensor(data, op, inputs, localBackward)</c> whose local backward ADDS each input's share:
    /// <paramref name="sigmoid"/> σ(x) = 1 / (1 + e⁻ˣ) and <paramref name="sqrt"/> √x (x &gt; 0) element by element, and
    /// <paramref name="maximum"/> max(a, b) element by element with a and b broadcast as Tensor's + broadcasts them (a 1×D
    /// row, an N×1 column or a 1×1 number against an N×D matrix, either way round); at a tie the gradient goes to a.
    /// Graded at several shapes (1×1, a single row, a column, square, broadcasting both ways), against central differences of
    /// Σ f(x) ⊙ G for a random G, and inside f(x) ⊙ x, where x is used twice.
    /// </summary>
    public static CheckResult NewOperations(Func<Tensor, Tensor> sigmoid, Func<Tensor, Tensor> sqrt, Func<Tensor, Tensor, Tensor> maximum)
    {
        ArgumentNullException.ThrowIfNull(sigmoid);
        ArgumentNullException.ThrowIfNull(sqrt);
        ArgumentNullException.ThrowIfNull(maximum);
        return Exercise.Check("12.1", "New Tensor operations", () =>
        {
            var seed = 120;
            foreach (var (rows, columns, scale) in new[] { (3, 4, 1.0), (1, 5, 1.0), (4, 1, 1.0), (1, 1, 1.0), (5, 5, 3.0), (2, 3, 20.0) })
            {
                var x = CheckData.Matrix(rows, columns, seed++) * scale;
                var s = x.Map(v => 1 / (1 + Math.Exp(-v)));
                Unary("Sigmoid", sigmoid, x, s, seed++,
                    "σ′(x) = σ(x)(1 − σ(x)): differentiate 1 / (1 + e⁻ˣ), then write it with the output y = σ(x)",
                    g => [new("σ′ was written with the input x, x(1 − x); it is y(1 − y) with the output y = σ(x)", g.PointwiseMultiply(x.Map(v => v * (1 - v)))),
                          new("σ′(x) = σ(x)(1 − σ(x)): the factor (1 − σ) is missing", g.PointwiseMultiply(s)),
                          new("σ′(x) = σ(x)(1 − σ(x)), not 1 − σ(x)²: that is tanh′", g.PointwiseMultiply(1 - s.PointwisePower(2))),
                          new(Upstream, s.PointwiseMultiply(1 - s))]);
            }
            foreach (var (rows, columns) in new[] { (3, 4), (1, 5), (4, 1), (1, 1), (5, 5) })
            {
                var x = CheckData.Matrix(rows, columns, seed++).PointwiseAbs() + 0.2;
                var r = x.PointwiseSqrt();
                Unary("Sqrt", sqrt, x, r, seed++,
                    "√x = x^½: its derivative is ½·x^(−½) = 1 / (2√x)",
                    g => [new("the ½ is missing: the derivative of x^½ is ½·x^(−½) = 1 / (2√x)", g.PointwiseDivide(r)),
                          new("the derivative of x^½ is ½·x^(−½), not ½·x^½", g.PointwiseMultiply(0.5 * r)),
                          new("divide by 2√x, not by 2x: the derivative of x^½ is ½·x^(−½)", g.PointwiseDivide(2 * x)),
                          new(Upstream, 0.5 / r)]);
            }

            foreach (var (aRows, aColumns, bRows, bColumns) in new[] { (3, 3, 1, 3), (3, 4, 1, 4), (1, 4, 1, 4), (4, 3, 4, 1), (3, 4, 3, 4), (1, 3, 4, 3), (3, 2, 1, 1), (3, 3, 3, 1) })
            {
                var (a, b) = ApartMatrices(aRows, aColumns, bRows, bColumns, seed++);
                MaximumCase(maximum, a, b, seed++);
            }
            {
                // Ties: equal entries, where the contract gives a the whole gradient.
                var a = CheckData.Matrix(3, 4, seed++);
                var b = CheckData.Matrix(1, 4, seed++);
                a[0, 0] = b[0, 0]; a[2, 1] = b[0, 1]; a[1, 3] = b[0, 3];
                MaximumTies(maximum, a, b, seed++);
                var x = CheckData.Matrix(2, 3, seed++);
                var leaf = new Tensor(x);
                var output = maximum(leaf, leaf);
                var g = CheckData.Matrix(2, 3, seed++);
                RunBackward(output, g, "Maximum(x, x)", "b");
                Expect.Values(leaf.Grad, g, "x.Grad after Maximum(x, x).Backward(G) (a tie everywhere)",
                    "max(x, x) = x changes one for one with x: x receives G once in all (as a, by the tie rule)",
                    new Mistake<Matrix<double>>("on a tie only a receives the gradient: here x received it as a and as b", 2 * g),
                    new Mistake<Matrix<double>>("on a tie the whole gradient goes to a, not half to each", g / 2));
            }
        });
    }

    /// <summary>
    /// EXERCISE 12.2: the batch-norm block of lesson 12's network backpropagated by hand: given the forward steps
    /// (<see cref="BatchNormSteps"/>, with Bessel's correction) and ∂L/∂y, <paramref name="backward"/> returns ∂L/∂ of every
    /// step (<see cref="BatchNormStepGradients"/>). Each is compared, from the last step to the first, with the gradient the
    /// library's <see cref="Tensor"/> autograd gives that step, at several (N, D) from N = 2 up, for several ε and random
    /// ∂L/∂y; the steps and ∂L/∂y must be left unchanged, and the autograd's Backward may not be called.
    /// </summary>
    public static CheckResult BatchNormBlock(Func<BatchNormSteps, Matrix<double>, BatchNormStepGradients> backward)
    {
        ArgumentNullException.ThrowIfNull(backward);
        return Exercise.Check("12.2", "The batch-norm block by hand", () =>
        {
            ForbidAutograd(backward, "write each step's gradient yourself: the autograd's Backward is the referee here, not part of the answer");
            var seed = 1220;
            foreach (var (n, d, epsilon) in Cases())
            {
                var (steps, reference) = Reference(n, d, epsilon, seed);
                var dY = CheckData.Matrix(n, d, seed + 3);
                seed += 10;
                var copies = Copies(steps, dY);
                var got = backward(steps, dY) ?? throw new CheckFailedException($"BatchNormBackward for N = {n}, D = {d}", "the gradients of every step", "null",
                    "return a new BatchNormStepGradients with one matrix per step");
                ExpectUnchanged(steps, dY, copies);
                BlockSteps(got, reference, steps, dY, $"N = {n}, D = {d}, ε = {epsilon}");
            }
        });
    }

    /// <summary>
    /// EXERCISE 12.3: the fused batch-norm backward with Bessel's correction: <paramref name="fused"/>(dout, x̂, γ, σ², ε)
    /// returns ∂L/∂h for y = γ ⊙ x̂ + β with σ² = Σᵢ (hᵢ − μ)² / (N − 1), in one expression (no step-by-step graph, no
    /// autograd). Compared with the library's <see cref="Tensor"/> autograd at several (N, D) including N = 2 and D = 1,
    /// several ε and random dout; its arguments must be left unchanged.
    /// </summary>
    public static CheckResult FusedBatchNorm(Func<Matrix<double>, Matrix<double>, Matrix<double>, Matrix<double>, double, Matrix<double>> fused)
    {
        ArgumentNullException.ThrowIfNull(fused);
        return Exercise.Check("12.3", "The fused batch-norm backward", () =>
        {
            ForbidAutograd(fused, "one expression from dout, x̂, γ and σ²: the autograd (and the library's batch-norm layer, which divides by N) are not part of the answer");
            var seed = 1230;
            foreach (var (n, d, epsilon) in Cases())
            {
                var (steps, reference) = Reference(n, d, epsilon, seed);
                var dout = CheckData.Matrix(n, d, seed + 3) * (seed % 20 == 0 ? 1e-3 : 1);
                seed += 10;
                var before = (dout.Clone(), steps.XHat.Clone(), steps.Gamma.Clone(), steps.Variance.Clone());
                var where = $"N = {n}, D = {d}, ε = {epsilon}";
                reference.Y.Backward(dout);
                var got = fused(dout, steps.XHat, steps.Gamma, steps.Variance, epsilon);
                Expect.Unchanged(dout, before.Item1, $"dout ({where})", "compute into new matrices: the caller still needs dout");
                Expect.Unchanged(steps.XHat, before.Item2, $"x̂ ({where})", "compute into new matrices: x̂ is the forward pass's, read it only");
                Expect.Unchanged(steps.Gamma, before.Item3, $"γ ({where})", "γ is a parameter: read it only");
                Expect.Unchanged(steps.Variance, before.Item4, $"σ² ({where})", "σ² is the forward pass's: read it only");
                Expect.Shaped(got, n, d, $"∂L/∂h ({where})", "∂L/∂h has h's shape, N×D: the 1×D sums are repeated down the batch");
                var expected = reference.H.Grad;
                var mistakes = FusedMistakes(dout, steps, epsilon).ToArray();
                Expect.Values(got, expected, $"∂L/∂h ({where}; {Verdict(got, expected)})",
                    "collapse exercise 12.2's steps into one expression: γ·v/N · (N·G − Σ G − N/(N − 1) · x̂ ⊙ Σ (G ⊙ x̂)), v = (σ² + ε)^(−1/2), sums down the batch", mistakes);
            }
        });
    }

    // (N, D, ε): N = 2 (the smallest batch with a variance), a single feature, a square batch, a wide and a long one.
    private static (int N, int D, double Epsilon)[] Cases() =>
        [(3, 3, 0.1), (4, 3, 1e-5), (2, 5, 1e-6), (2, 1, 1e-5), (7, 1, 0.01), (32, 10, 1e-6), (5, 8, 0.5)];

    // The forward steps as plain matrices, and the same computed with Tensor, whose Backward gives the expected gradients.
    private static (BatchNormSteps Steps, (Tensor H, Tensor Gamma, Tensor Beta, Tensor Mean, Tensor Centred, Tensor Centred2, Tensor Variance, Tensor VarInv, Tensor XHat, Tensor Y) Tensors)
        Reference(int n, int d, double epsilon, int seed)
    {
        var random = new Random(seed);
        var h = CheckData.Matrix(n, d, seed + 1) * CheckData.Number(random, 0.5, 3) + CheckData.Number(random, -2, 2);
        var gamma = CheckData.Matrix(1, d, seed + 2);
        var beta = CheckData.Matrix(1, d, seed + 4);
        var th = new Tensor(h.Clone(), "h");
        var tGamma = new Tensor(gamma.Clone(), "γ");
        var tBeta = new Tensor(beta.Clone(), "β");
        var mean = th.Mean(0);
        var centred = th - mean;
        var centred2 = centred.Pow(2);
        var variance = centred2.Sum(0) * (1.0 / (n - 1));
        var varInv = (variance + epsilon).Pow(-0.5);
        var xHat = centred * varInv;
        var y = tGamma * xHat + tBeta;
        var steps = new BatchNormSteps(h, gamma, beta, epsilon, mean.Data.Clone(), centred.Data.Clone(), centred2.Data.Clone(), variance.Data.Clone(),
            varInv.Data.Clone(), xHat.Data.Clone(), y.Data.Clone());
        return (steps, (th, tGamma, tBeta, mean, centred, centred2, variance, varInv, xHat, y));
    }

    private static void BlockSteps(BatchNormStepGradients got, (Tensor H, Tensor Gamma, Tensor Beta, Tensor Mean, Tensor Centred, Tensor Centred2, Tensor Variance, Tensor VarInv, Tensor XHat, Tensor Y) t,
        BatchNormSteps s, Matrix<double> dY, string where)
    {
        t.Y.Backward(dY);
        int n = s.H.RowCount, d = s.H.ColumnCount;
        Matrix<double> Rows(Matrix<double> row) => Tensor.Broadcast(row, n, d);
        Matrix<double> Down(Matrix<double> m) => m.ColumnSums().ToRowMatrix();
        const string Row = "it is a 1×D row repeated down the batch, so its gradient is summed down the rows (column sums), 1×D";
        void Step(string name, Matrix<double> mine, Tensor tensor, string fallback, params Mistake<Matrix<double>>[] mistakes)
        {
            var expected = tensor.Grad;
            Expect.Shaped(mine, expected.RowCount, expected.ColumnCount, $"∂L/∂{name} ({where})",
                expected.RowCount == 1 ? $"∂L/∂{name} has {name}'s shape: {Row}" : $"∂L/∂{name} has {name}'s shape, N×D");
            Expect.Values(mine, expected, $"∂L/∂{name} ({where}; {Verdict(mine, expected)})", fallback, mistakes);
        }
        var wrongAxis = (Func<Matrix<double>, Mistake<Matrix<double>>>)(m =>
            new("summed along each row (RowSums) instead of down the batch (ColumnSums): " + Row, m.RowSums().ToRowMatrix()));

        Step("β", got.Beta, t.Beta, "y = γ ⊙ x̂ + β: β's local derivative is 1, and " + Row, wrongAxis(dY));
        Step("γ", got.Gamma, t.Gamma, "γ's local derivative is x̂; " + Row,
            new("γ's local derivative x̂ is missing: multiply dY by x̂ before summing", Down(dY)), wrongAxis(dY.PointwiseMultiply(s.XHat)));
        var dXHat = dY.PointwiseMultiply(Rows(s.Gamma));
        Step("x̂", got.XHat, t.XHat, "x̂'s local derivative in γ ⊙ x̂ is γ, row repeated down the batch",
            new Mistake<Matrix<double>>("x̂'s local derivative is γ: multiply dY by γ", dY));
        var dVarInv = Down(dXHat.PointwiseMultiply(s.Centred));
        Step("v", got.VarInv, t.VarInv, "x̂ = c ⊙ v: v's local derivative is c, and " + Row,
            new("v's local derivative in c ⊙ v is c, not x̂", Down(dXHat.PointwiseMultiply(s.XHat))), wrongAxis(dXHat.PointwiseMultiply(s.Centred)));
        var plusEps = s.Variance + s.Epsilon;
        var dVariance = dVarInv.PointwiseMultiply(-0.5 * plusEps.PointwisePower(-1.5));
        Step("σ²", got.Variance, t.Variance, "v = (σ² + ε)^(−1/2): its derivative is −½(σ² + ε)^(−3/2)",
            new("the power is off by one: the derivative of u^(−1/2) is −½·u^(−3/2), not −½·u^(−1/2)", dVarInv.PointwiseMultiply(-0.5 * plusEps.PointwisePower(-0.5))),
            new("the sign is lost: the derivative of u^(−1/2) is −½·u^(−3/2)", -dVariance),
            new("ε is missing: differentiate (σ² + ε)^(−1/2), with ε inside", dVarInv.PointwiseMultiply(-0.5 * s.Variance.PointwisePower(-1.5))));
        var dCentred2 = Rows(dVariance) / (n - 1);
        Step("c²", got.Centred2, t.Centred2, "σ² = Σᵢ c²ᵢ / (N − 1): each c²ᵢ gets ∂L/∂σ² / (N − 1), repeated down the batch",
            new("1/N instead of 1/(N − 1): this variance has Bessel's correction, Σᵢ c²ᵢ / (N − 1)", Rows(dVariance) / n),
            new("the 1/(N − 1) of the variance is missing", Rows(dVariance)));
        var first = dXHat.PointwiseMultiply(Rows(s.VarInv));
        var second = 2 * s.Centred.PointwiseMultiply(dCentred2);
        Step("c", got.Centred, t.Centred, "c is used twice, in x̂ = c ⊙ v and in c²: add both shares, dx̂ ⊙ v and 2c ⊙ ∂L/∂c²",
            new("c is used twice: the share through c² (2c ⊙ ∂L/∂c²) is missing", first),
            new("c is used twice: the share through x̂ (dx̂ ⊙ v) is missing", second),
            new("the derivative of c² is 2c: the 2 is missing", first + second / 2));
        var dCentred = first + second;
        var dMean = -Down(dCentred);
        Step("μ", got.Mean, t.Mean, "c = h − μ: μ's local derivative is −1, and " + Row,
            new("the sign is lost: c = h − μ, so μ's local derivative is −1", -dMean), wrongAxis(-dCentred));
        Step("h", got.H, t.H, "h is used twice, in c = h − μ and in μ = mean(h): add ∂L/∂c and ∂L/∂μ / N, repeated down the batch",
            new("the mean's branch is missing: h also reaches the loss through μ, so add ∂L/∂μ / N", dCentred),
            new("the mean divides by N (only the variance has Bessel's correction): add ∂L/∂μ / N, not / (N − 1)", dCentred + Rows(dMean) / (n - 1)),
            new("the mean's share is ∂L/∂μ / N, spread over the N rows: the / N is missing", dCentred + Rows(dMean)));
    }

    private static IEnumerable<Mistake<Matrix<double>>> FusedMistakes(Matrix<double> g, BatchNormSteps s, double epsilon)
    {
        int n = g.RowCount, d = g.ColumnCount;
        Matrix<double> Rows(Matrix<double> row) => Tensor.Broadcast(row, n, d);
        var v = (s.Variance + epsilon).PointwisePower(-0.5);
        var scale = Rows(s.Gamma.PointwiseMultiply(v)) / n;
        var sumG = Rows(g.ColumnSums().ToRowMatrix());
        var sumGX = Rows(g.PointwiseMultiply(s.XHat).ColumnSums().ToRowMatrix());
        var bessel = (double)n / (n - 1);
        yield return new("that is the book's backward, for a variance divided by N; with Bessel's correction the x̂ term carries N/(N − 1)",
            scale.PointwiseMultiply(n * g - sumG - s.XHat.PointwiseMultiply(sumGX)));
        yield return new("the mean's branch is missing: subtract Σ G (h reaches the loss through μ too)",
            scale.PointwiseMultiply(n * g - bessel * s.XHat.PointwiseMultiply(sumGX)));
        yield return new("the variance's branch is missing: subtract N/(N − 1) · x̂ ⊙ Σ (G ⊙ x̂)",
            scale.PointwiseMultiply(n * g - sumG));
        yield return new("γ is missing: y = γ ⊙ x̂ + β, so every path back to h passes through γ",
            (Rows(v) / n).PointwiseMultiply(n * g - sumG - bessel * s.XHat.PointwiseMultiply(sumGX)));
        var sumGRows = Tensor.Broadcast(g.RowSums().ToColumnMatrix(), n, d);
        var sumGXRows = Tensor.Broadcast(g.PointwiseMultiply(s.XHat).RowSums().ToColumnMatrix(), n, d);
        yield return new("the sums go along each row instead of down the batch: batch norm sums over the samples (ColumnSums), one sum per feature",
            scale.PointwiseMultiply(n * g - sumGRows - bessel * s.XHat.PointwiseMultiply(sumGXRows)));
    }

    // The lesson's per-step verdict against the autograd, for a failure message.
    private static string Verdict(Matrix<double> mine, Matrix<double> autograd)
    {
        var c = StepComparison.Of("", mine, autograd);
        return $"exact: {c.Exact}, close: {c.Close}, largest difference: {Expect.Text(c.LargestDifference)}";
    }

    private static void ForbidAutograd(Delegate learner, string hint) =>
        LibraryUse.Forbid(learner, hint,
            typeof(Tensor).GetMethod(nameof(Tensor.Backward), Type.EmptyTypes)!,
            typeof(Tensor).GetMethod(nameof(Tensor.Backward), [typeof(Matrix<double>)])!,
            typeof(BatchNormalization).GetMethod(nameof(BatchNormalization.Backward))!);

    private static Matrix<double>[] Copies(BatchNormSteps s, Matrix<double> dY) =>
        [s.H.Clone(), s.Gamma.Clone(), s.Beta.Clone(), s.Mean.Clone(), s.Centred.Clone(), s.Centred2.Clone(), s.Variance.Clone(), s.VarInv.Clone(), s.XHat.Clone(), s.Y.Clone(), dY.Clone()];

    private static void ExpectUnchanged(BatchNormSteps s, Matrix<double> dY, Matrix<double>[] before)
    {
        var names = new[] { "h", "γ", "β", "μ", "c", "c²", "σ²", "v", "x̂", "y", "dY" };
        Matrix<double>[] after = [s.H, s.Gamma, s.Beta, s.Mean, s.Centred, s.Centred2, s.Variance, s.VarInv, s.XHat, s.Y, dY];
        for (var i = 0; i < names.Length; i++)
            Expect.Unchanged(after[i], before[i], $"the forward step {names[i]}", "compute each gradient into a new matrix: the forward steps and dY are read only");
    }

    // One unary operation: its forward, that it is one operation on x, its gradient alone and inside f(x) ⊙ x.
    private static void Unary(string name, Func<Tensor, Tensor> f, Matrix<double> x, Matrix<double> forward, int seed, string fallback,
        Func<Matrix<double>, Mistake<Matrix<double>>[]> mistakes)
    {
        var shape = $"{x.RowCount}×{x.ColumnCount}";
        var before = x.Clone();
        var leaf = new Tensor(x);
        var output = f(leaf);
        OneOperation(name, output, [leaf], shape);
        if (name == "Sqrt" && output.Op.StartsWith('^'))
            throw new CheckFailedException($"{name}(x) for a {shape} x", "an operation of your own", $"the library's Pow ('{output.Op}')",
                "write √x as its own operation with its own backward (new Tensor(data, op, [x], backward)), not as x.Pow(0.5)");
        Expect.Values(output.Data, forward, $"{name}(x).Data for a {shape} x", $"{name}'s forward, element by element");
        var g = CheckData.Matrix(x.RowCount, x.ColumnCount, seed);
        RunBackward(output, g, $"{name}(x)", "x");
        Expect.Unchanged(x, before, $"x's data ({name}, {shape})", "the forward and backward read x, never write it");
        var numerical = NumericalGradient.Of(() => f(new Tensor(x)).Data.PointwiseMultiply(g).Enumerate().Sum(), x);
        Gradient(leaf.Grad, numerical, $"x.Grad after {name}(x).Backward(G) for a {shape} x", fallback, mistakes(g));

        // x used twice: the product's share reaches x before (or after) yours; both must add up.
        var leaf2 = new Tensor(x);
        var product = f(leaf2) * leaf2;
        RunBackward(product, g, $"{name}(x) ⊙ x", "x");
        var numerical2 = NumericalGradient.Of(() => f(new Tensor(x)).Data.PointwiseMultiply(x).PointwiseMultiply(g).Enumerate().Sum(), x);
        Gradient(leaf2.Grad, numerical2, $"x.Grad after ({name}(x) ⊙ x).Backward(G) for a {shape} x (x used twice)", Assigned,
            new Mistake<Matrix<double>>(Assigned, leaf.Grad.PointwiseMultiply(x)));
    }

    private static void MaximumCase(Func<Tensor, Tensor, Tensor> maximum, Matrix<double> a, Matrix<double> b, int seed)
    {
        int rows = Math.Max(a.RowCount, b.RowCount), columns = Math.Max(a.ColumnCount, b.ColumnCount);
        var shapes = $"a {a.RowCount}×{a.ColumnCount}, b {b.RowCount}×{b.ColumnCount}";
        var (aBefore, bBefore) = (a.Clone(), b.Clone());
        var (ta, tb) = (new Tensor(a), new Tensor(b));
        var output = maximum(ta, tb);
        OneOperation("Maximum", output, [ta, tb], shapes);
        var (ba, bb) = (Tensor.Broadcast(a, rows, columns), Tensor.Broadcast(b, rows, columns));
        Expect.Shaped(output.Data, rows, columns, $"Maximum(a, b).Data ({shapes})", "a and b are broadcast to a common shape, as Tensor's + does: each axis takes the larger size");
        Expect.Values(output.Data, Matrix<double>.Build.Dense(rows, columns, (i, j) => Math.Max(ba[i, j], bb[i, j])), $"Maximum(a, b).Data ({shapes})",
            "the larger of the two broadcast entries, element by element");
        var g = CheckData.Matrix(rows, columns, seed);
        RunBackward(output, g, $"Maximum(a, b) ({shapes})", "b");
        Expect.Unchanged(a, aBefore, $"a's data ({shapes})", "read a and b, never write them");
        Expect.Unchanged(b, bBefore, $"b's data ({shapes})", "read a and b, never write them");
        double F() => maximum(new Tensor(a), new Tensor(b)).Data.PointwiseMultiply(g).Enumerate().Sum();
        var aWins = Matrix<double>.Build.Dense(rows, columns, (i, j) => ba[i, j] >= bb[i, j] ? 1.0 : 0.0);
        var toA = g.PointwiseMultiply(aWins);
        var toB = g - toA;
        Gradient(ta.Grad, NumericalGradient.Of(F, a), $"a.Grad after Maximum(a, b).Backward(G) ({shapes})",
            "G goes where a is the larger, 0 elsewhere; summed to a's shape where a was repeated", BroadcastMistakes(toA, toB, a, "a"));
        Gradient(tb.Grad, NumericalGradient.Of(F, b), $"b.Grad after Maximum(a, b).Backward(G) ({shapes})",
            "G goes where b is the larger, 0 elsewhere; b was repeated along the axes where it has size 1, so its share is summed along them (Tensor.SumToShape)",
            BroadcastMistakes(toB, toA, b, "b"));
    }

    private static Mistake<Matrix<double>>[] BroadcastMistakes(Matrix<double> mine, Matrix<double> other, Matrix<double> operand, string name)
    {
        var list = new List<Mistake<Matrix<double>>>
        {
            new($"the gradient goes only to the larger input: {name} got G where the other input was larger", Tensor.SumToShape(mine + other, operand.RowCount, operand.ColumnCount)),
            new($"the gradient goes to the larger input: {name} got G where it was the smaller", Tensor.SumToShape(other, operand.RowCount, operand.ColumnCount)),
        };
        if (operand.RowCount == 1 && mine.RowCount > 1 && mine.RowCount == mine.ColumnCount)
            list.Add(new($"{name} is a 1×D row repeated down the rows: sum its share down each column (ColumnSums), not along each row", mine.RowSums().ToRowMatrix()));
        if (operand.ColumnCount == 1 && mine.ColumnCount > 1 && mine.RowCount == mine.ColumnCount)
            list.Add(new($"{name} is an N×1 column repeated along the columns: sum its share along each row (RowSums), not down each column", mine.ColumnSums().ToColumnMatrix()));
        return [.. list];
    }

    private static void MaximumTies(Func<Tensor, Tensor, Tensor> maximum, Matrix<double> a, Matrix<double> b, int seed)
    {
        var (ta, tb) = (new Tensor(a), new Tensor(b));
        var output = maximum(ta, tb);
        var g = CheckData.Matrix(a.RowCount, a.ColumnCount, seed);
        RunBackward(output, g, "Maximum(a, b) with ties (a 3×4, b 1×4)", "b");
        var bb = Tensor.Broadcast(b, a.RowCount, a.ColumnCount);
        var toA = Matrix<double>.Build.Dense(a.RowCount, a.ColumnCount, (i, j) => a[i, j] >= bb[i, j] ? g[i, j] : 0.0);
        var toB = (g - toA).ColumnSums().ToRowMatrix();
        var tiesToB = Matrix<double>.Build.Dense(a.RowCount, a.ColumnCount, (i, j) => a[i, j] > bb[i, j] ? g[i, j] : 0.0);
        const string Tie = "at a tie (equal entries) the contract gives the whole gradient to a, none to b";
        Expect.Values(ta.Grad, toA, "a.Grad after Maximum(a, b).Backward(G) with three ties (a 3×4, b 1×4)", Tie,
            new Mistake<Matrix<double>>(Tie + ": a received nothing at the ties", tiesToB));
        Expect.Values(tb.Grad, toB, "b.Grad after Maximum(a, b).Backward(G) with three ties (a 3×4, b 1×4)", Tie,
            new Mistake<Matrix<double>>(Tie + ": b received it at the ties", (g - tiesToB).ColumnSums().ToRowMatrix()));
    }

    // a and b drawn so that no two entries that meet are within 0.05: central differences never straddle a tie.
    private static (Matrix<double> A, Matrix<double> B) ApartMatrices(int aRows, int aColumns, int bRows, int bColumns, int seed)
    {
        var a = CheckData.Matrix(aRows, aColumns, seed);
        var b = CheckData.Matrix(bRows, bColumns, seed + 1);
        int rows = Math.Max(aRows, bRows), columns = Math.Max(aColumns, bColumns);
        for (var tries = 0; tries < 100; tries++)
        {
            var (ba, bb) = (Tensor.Broadcast(a, rows, columns), Tensor.Broadcast(b, rows, columns));
            var close = Enumerable.Range(0, rows * columns).FirstOrDefault(k => Math.Abs(ba[k / columns, k % columns] - bb[k / columns, k % columns]) < 0.05, -1);
            if (close < 0) return (a, b);
            int i = close / columns, j = close % columns;
            b[bRows == 1 ? 0 : i, bColumns == 1 ? 0 : j] += 0.3;
        }
        return (a, b);
    }

    private static void OneOperation(string name, Tensor? output, Tensor[] inputs, string shape)
    {
        if (output is null) throw new CheckFailedException($"{name} ({shape})", "a Tensor", "null", "return the new Tensor you made");
        if (output.Inputs.Count != inputs.Length || output.Inputs.Zip(inputs).Any(p => !ReferenceEquals(p.First, p.Second)))
            throw new CheckFailedException($"{name}'s Inputs ({shape})", $"the {inputs.Length} tensor(s) it was given, in order",
                output.Inputs.Count == 0 ? "no inputs" : $"{output.Inputs.Count} tensor(s): {string.Join(", ", output.Inputs)}",
                $"make {name} one operation: new Tensor(data, op, [its inputs], localBackward) with the backward you derived; a composition of Tensor's operations leaves the backward to them");
    }

    private static void RunBackward(Tensor output, Matrix<double> g, string what, string broadcastOperand)
    {
        try { output.Backward(g); }
        catch (Exception e) when (e is ArgumentException or ArgumentOutOfRangeException)
        {
            throw new CheckFailedException($"{what}.Backward(G)", "a gradient of each input's own shape", $"{e.GetType().Name}: {e.Message}",
                $"each input's Grad has its own shape: where {broadcastOperand} was repeated (broadcast), sum its share back to its shape (Tensor.SumToShape)");
        }
    }

    private static void Gradient(Matrix<double> got, Matrix<double> numerical, string what, string fallback, params Mistake<Matrix<double>>[] mistakes)
    {
        if (Expect.Close(got, numerical, 1e-6, 1e-4)) return;
        var hint = mistakes.FirstOrDefault(m => Expect.Close(got, m.WrongAnswer))?.Hint ?? fallback;
        throw new CheckFailedException($"gradient check of {what}", $"{Expect.Text(numerical)} (central differences)", Expect.Text(got), hint);
    }
}
