using Backprop.Gradients;
using Backprop.Layers;
using System.Reflection;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>
/// The check every element-wise <see cref="ILayer"/> exercise shares, in the order shape → values → contract → gradient:
/// shapes of Forward and Backward, their values (inputs left unchanged); then the contract a layer in a network needs —
/// a second Backward after the same Forward, then Forward and Backward on other data (a batch of one, extreme values),
/// with every matrix handed in or out before left unchanged; then Backward against central differences.
/// </summary>
internal sealed class ActivationLayerCheck
{
    public required Func<Matrix<double>, Matrix<double>> Forward { get; init; }

    /// <summary>The reference dx from (x, out, dout).</summary>
    public required Func<Matrix<double>, Matrix<double>, Matrix<double>, Matrix<double>> Backward { get; init; }

    public required string ForwardHint { get; init; }
    public required string BackwardHint { get; init; }
    public Func<Matrix<double>, Mistake<Matrix<double>>[]> ForwardMistakes { get; init; } = _ => [];
    public Func<Matrix<double>, Matrix<double>, Matrix<double>, Mistake<Matrix<double>>[]> BackwardMistakes { get; init; } = (_, _, _) => [];

    /// <summary>Entries of x set to exactly 0 in the values stage (ReLU: 0 must be blocked).</summary>
    public (int Row, int Column)[] Zeros { get; init; } = [];

    /// <summary>Valid but extreme inputs for the contract stage; by default a batch of one with large, tiny and zero entries.</summary>
    public Matrix<double>[] Extremes { get; init; } =
    [
        Matrix<double>.Build.DenseOfArray(new double[,] { { -30, -1e-3, 0, 1e-3, 30 } }),
        Matrix<double>.Build.DenseOfArray(new double[,] { { 8, -8 }, { 0.5, 0 }, { -12, 12 } }),
    ];

    /// <summary>Library members that would solve the exercise; calling one from the learner's class fails, named.</summary>
    public MemberInfo[] Forbidden { get; init; } = [];

    /// <summary>The hint when Forward returns ∞ or NaN where the reference is finite (an overflow), if the exercise names one.</summary>
    public string? ForwardNotFiniteHint { get; init; }

    /// <summary>The hint when Backward returns ∞ or NaN where the reference is finite, if the exercise names one.</summary>
    public string? BackwardNotFiniteHint { get; init; }

    /// <summary>The hint when the learner's class calls a <see cref="Forbidden"/> member.</summary>
    public string ForbiddenHint { get; init; } = "the exercise is to compute this yourself; the library's layer is not part of the answer";

    public void Run(Func<ILayer> make, int seed)
    {
        ArgumentNullException.ThrowIfNull(make);
        const int Rows = 3, Columns = 4;
        var x = CheckData.Matrix(Rows, Columns, seed);
        foreach (var (i, j) in Zeros) x[i, j] = 0;
        var dout = CheckData.Matrix(Rows, Columns, seed + 1);
        var xBefore = x.Clone();
        var doutBefore = dout.Clone();

        // Shape
        var layer = New(make);
        if (Forbidden.Length > 0) LibraryUse.Forbid(layer, ForbiddenHint, Forbidden);
        var output = layer.Forward(x);
        Expect.Shaped(output, Rows, Columns, "Forward(x) for a 3×4 x", "an activation works element by element: the output has the input's shape");
        var outputCopy = output.Clone();
        Expect.Unchanged(x, xBefore, "x", "Forward wrote into its input x (in place): the caller still owns x; compute a new matrix (Map, not MapInplace)");
        var dx = layer.Backward(dout);
        Expect.Shaped(dx, Rows, Columns, "Backward(dout) for a 3×4 dout", "dx has the shape of x and of dout");

        // Values
        Expect.Values(outputCopy, Forward(xBefore), "Forward(x)", ForwardHint, ForwardMistakes(xBefore));
        Expect.Unchanged(dout, doutBefore, "dout",
            "Backward wrote into dout, the caller's matrix (in place, like the Python original's dout[mask] = 0): return a new matrix instead");
        var expected = Backward(xBefore, outputCopy, doutBefore);
        Expect.Values(dx, expected, "Backward(dout)", BackwardHint, BackwardMistakes(xBefore, outputCopy, doutBefore));

        // Contract: a layer in a network is called again and again, and the matrices it hands out stay in use.
        Expect.UnchangedSince(x, xBefore, "x", "after Backward",
            "Backward wrote into x, the caller's input that Forward kept: compute new matrices and leave what you cached alone");
        Expect.UnchangedSince(output, outputCopy, "the matrix Forward returned", "after Backward",
            "Backward changed the matrix Forward returned (e.g. MapInplace on a cached output that is the very matrix Forward handed out): the next layer still holds it — compute a new matrix");
        var dxCopy = dx.Clone();
        var doutAgain = CheckData.Matrix(Rows, Columns, seed + 4) * -3;
        var doutAgainBefore = doutAgain.Clone();
        var dxAgain = layer.Backward(doutAgain);
        Expect.Shaped(dxAgain, Rows, Columns, "a second Backward(dout) after the same Forward", "dx has the shape of x and of dout");
        Expect.Values(dxAgain, Backward(xBefore, outputCopy, doutAgainBefore), "a second Backward(dout) after the same Forward, with another dout",
            "the first Backward was right, a second one after the same Forward is not: Backward changed what Forward cached (in place) or depends on how often it ran — compute new matrices",
            [.. BackwardMistakes(xBefore, outputCopy, doutAgainBefore)]);
        Expect.UnchangedSince(dx, dxCopy, "the dx the first Backward returned", "after a second Backward",
            "Backward overwrote a matrix it had returned before (a reused buffer): the caller still holds it — return a new matrix every call");
        Expect.UnchangedSince(output, outputCopy, "the matrix Forward returned", "after a second Backward",
            "Backward changed the matrix Forward returned: the next layer still holds it — compute a new matrix");
        var k = 0;
        foreach (var extreme in Extremes)
        {
            k++;
            var shape = $"{extreme.RowCount}×{extreme.ColumnCount}";
            var xe = extreme.Clone();
            var de = CheckData.Matrix(extreme.RowCount, extreme.ColumnCount, seed + 10 + k) * (k % 2 == 0 ? 2.5 : -0.75);
            var deBefore = de.Clone();
            var oe = layer.Forward(xe);
            Expect.Shaped(oe, extreme.RowCount, extreme.ColumnCount, $"Forward(x) for a {shape} x on the same layer", "the output has the input's shape, for any batch size");
            var oeCopy = oe.Clone();
            Finite(oeCopy, Forward(extreme), $"Forward(x) for x = {Expect.Text(extreme)}", ForwardNotFiniteHint);
            Expect.Values(oeCopy, Forward(extreme), $"Forward(x) for x = {Expect.Text(extreme)} on the same layer", ForwardHint, ForwardMistakes(extreme));
            Expect.UnchangedSince(output, outputCopy, "the matrix the first Forward returned", "after a later Forward",
                "Forward overwrote a matrix it had returned before (a reused buffer): the next layer still holds it — return a new matrix every call");
            Matrix<double> dxe;
            try { dxe = layer.Backward(de); }
            catch (ArgumentException e)
            {
                throw new CheckFailedException($"Backward(dout) for a {shape} dout, after Forward of a {shape} x on the same layer", $"a {shape} dx",
                    $"{e.GetType().Name}: {e.Message}",
                    "Backward used something an EARLIER Forward cached (a cache filled only once, e.g. with ??=), or assumed a batch size: every Forward must refresh what Backward uses");
            }
            Expect.Shaped(dxe, extreme.RowCount, extreme.ColumnCount, $"Backward(dout) for a {shape} dout", "dx has the shape of x and of dout, for any batch size");
            Finite(dxe, Backward(extreme, oeCopy, deBefore), $"Backward(dout) after Forward(x) for x = {Expect.Text(extreme)}", BackwardNotFiniteHint);
            Expect.Values(dxe, Backward(extreme, oeCopy, deBefore), $"Backward(dout) after Forward(x) for x = {Expect.Text(extreme)} on the same layer",
                "Backward must use what the LATEST Forward cached, and work for any batch size and for large, tiny and zero inputs",
                [.. BackwardMistakes(extreme, oeCopy, deBefore)]);
            Expect.UnchangedSince(xe, extreme, $"x ({shape})", "after Forward and Backward", "the layer wrote into its input x: compute new matrices");
            Expect.UnchangedSince(oe, oeCopy, $"the matrix Forward returned ({shape})", "after Backward", "Backward changed the matrix Forward returned: compute a new matrix");
        }

        // Gradient: dx must be ∂/∂x of Σ(Forward(x) ⊙ dout), measured by central differences on fresh data.
        var x2 = CheckData.Matrix(Rows, Columns, seed + 2);
        var dout2 = CheckData.Matrix(Rows, Columns, seed + 3);
        var probe = New(make);
        probe.Forward(x2);
        var analytic = probe.Backward(dout2);
        var numerical = NumericalGradient.Of(v => CheckData.Projected(New(make).Forward, v, dout2), x2);
        Expect.MatchesNumericalGradient(analytic, numerical, "Backward(dout)", BackwardHint);
    }

    /// <summary>Fails with <paramref name="hint"/> when <paramref name="got"/> is ∞ or NaN where <paramref name="expected"/> is finite.</summary>
    private static void Finite(Matrix<double> got, Matrix<double> expected, string what, string? hint)
    {
        if (hint is null || got.RowCount != expected.RowCount || got.ColumnCount != expected.ColumnCount) return;
        for (var i = 0; i < got.RowCount; i++)
            for (var j = 0; j < got.ColumnCount; j++)
                if (!double.IsFinite(got[i, j]) && double.IsFinite(expected[i, j]))
                    throw new CheckFailedException($"values of {what}", Expect.Text(expected), Expect.Text(got), hint);
    }

    private static ILayer New(Func<ILayer> make) =>
        make() ?? throw new CheckFailedException("the layer", "a new layer", "null", "the factory must return a new layer, e.g. () => new MyTanh()");
}
