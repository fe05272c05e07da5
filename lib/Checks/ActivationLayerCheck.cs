using Backprop.Gradients;
using Backprop.Layers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>
/// The check every element-wise <see cref="ILayer"/> exercise shares, in the order shape → values → gradient:
/// shapes of Forward and Backward, their values (inputs left unchanged), then Backward against central differences.
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
        var output = layer.Forward(x);
        Expect.Shaped(output, Rows, Columns, "Forward(x) for a 3×4 x", "an activation works element by element: the output has the input's shape");
        var outputCopy = output.Clone();
        var dx = layer.Backward(dout);
        Expect.Shaped(dx, Rows, Columns, "Backward(dout) for a 3×4 dout", "dx has the shape of x and of dout");

        // Values
        Expect.Unchanged(x, xBefore, "x", "Forward wrote into its input x (in place): the caller still owns x; compute a new matrix (Map, not MapInplace)");
        Expect.Values(outputCopy, Forward(xBefore), "Forward(x)", ForwardHint, ForwardMistakes(xBefore));
        Expect.Unchanged(dout, doutBefore, "dout",
            "Backward wrote into dout, the caller's matrix (in place, like the Python original's dout[mask] = 0): return a new matrix instead");
        var expected = Backward(xBefore, outputCopy, doutBefore);
        Expect.Values(dx, expected, "Backward(dout)", BackwardHint, BackwardMistakes(xBefore, outputCopy, doutBefore));

        // Gradient: dx must be ∂/∂x of Σ(Forward(x) ⊙ dout), measured by central differences on fresh data.
        var x2 = CheckData.Matrix(Rows, Columns, seed + 2);
        var dout2 = CheckData.Matrix(Rows, Columns, seed + 3);
        var probe = New(make);
        probe.Forward(x2);
        var analytic = probe.Backward(dout2);
        var numerical = NumericalGradient.Of(v => CheckData.Projected(New(make).Forward, v, dout2), x2);
        Expect.MatchesNumericalGradient(analytic, numerical, "Backward(dout)", BackwardHint);
    }

    private static ILayer New(Func<ILayer> make) =>
        make() ?? throw new CheckFailedException("the layer", "a new layer", "null", "the factory must return a new layer, e.g. () => new MyRelu()");
}
