using System.Reflection;
using Backprop.Gradients;

namespace Backprop.Checks;

/// <summary>
/// The check every <see cref="IBinaryLayer"/> exercise shares: values of Forward and Backward on fixed, seeded random and
/// extreme inputs (zero, large and small values, negative upstream gradients), one instance throughout, so Backward must
/// use the latest Forward; a second Backward after the same Forward with another dout; then central differences.
/// </summary>
internal sealed class BinaryLayerCheck
{
    public required Func<double, double, double> Forward { get; init; }
    public required Func<double, double, double, (double dx, double dy)> Backward { get; init; }
    public required string ForwardHint { get; init; }
    public required string BackwardHint { get; init; }
    public Func<double, double, double, Mistake<double>[]> DxMistakes { get; init; } = (_, _, _) => [];
    public Func<double, double, double, Mistake<double>[]> DyMistakes { get; init; } = (_, _, _) => [];
    public (double X, double Y, double Dout) First { get; init; } = (100, 2, 1.1);

    /// <summary>Library members that would solve the exercise; calling one from the learner's class fails, named.</summary>
    public MemberInfo[] Forbidden { get; init; } = [];

    /// <summary>The hint when the learner's class calls a <see cref="Forbidden"/> member.</summary>
    public string ForbiddenHint { get; init; } = "the exercise is to write this node yourself; the library's layer is not part of the answer";

    public void Run(Func<IBinaryLayer> make, int seed)
    {
        ArgumentNullException.ThrowIfNull(make);
        var layer = make() ?? throw new CheckFailedException("the layer", "a new layer", "null", "the factory must return a new layer");
        if (Forbidden.Length > 0) LibraryUse.Forbid(layer, ForbiddenHint, Forbidden);
        var random = new Random(seed);
        var points = new List<(double X, double Y, double D)> { First };
        for (var i = 0; i < 4; i++)
        {
            // y stays away from 0 so that a division layer is well defined.
            var y = CheckData.Number(random, 0.5, 3) * (i % 2 == 0 ? 1 : -1);
            points.Add((CheckData.Number(random, -3, 3), y, CheckData.Number(random, 0.5, 2)));
        }
        // Valid but extreme: a zero input, a negative and a tiny upstream gradient, large and small magnitudes.
        points.Add((0, 2.5, -1.5));
        points.Add((-4, 0.01, 0.001));
        points.Add((2.5e5, -40, -3));
        foreach (var (x, y, d) in points)
        {
            var at = $"(x: {Expect.Text(x)}, y: {Expect.Text(y)})";
            Expect.Value(layer.Forward(x, y), Forward(x, y), $"Forward{at}", ForwardHint);
            var (dx, dy) = layer.Backward(d);
            var (ex, ey) = Backward(x, y, d);
            Expect.Value(dx, ex, $"dx of Backward(dout: {Expect.Text(d)}) after Forward{at}", BackwardHint, DxMistakes(x, y, d));
            Expect.Value(dy, ey, $"dy of Backward(dout: {Expect.Text(d)}) after Forward{at}", BackwardHint, DyMistakes(x, y, d));

            // A second Backward after the same Forward, with another dout: what Forward stored must still be there.
            var d2 = -2 * d + 0.5;
            var (dx2, dy2) = layer.Backward(d2);
            var (ex2, ey2) = Backward(x, y, d2);
            const string Again = "the first Backward was right, a second one after the same Forward is not: Backward changed what Forward stored, or remembers the dout of an earlier call — keep the stored inputs as they are";
            Expect.Value(dx2, ex2, $"dx of a second Backward(dout: {Expect.Text(d2)}) after the same Forward{at}", Again, DxMistakes(x, y, d2));
            Expect.Value(dy2, ey2, $"dy of a second Backward(dout: {Expect.Text(d2)}) after the same Forward{at}", Again, DyMistakes(x, y, d2));
        }
        foreach (var (x, y, d) in points.Skip(1).Take(4))   // the seeded points: central differences are accurate there
        {
            layer.Forward(x, y);
            var (dx, dy) = layer.Backward(d);
            var numerical = NumericalGradient.Of(p => d * Forward(p[0], p[1]), [x, y]);
            var (nx, ny) = (numerical[0], numerical[1]);
            if (!Expect.Close(dx, nx, 1e-6, 1e-5))
                throw new CheckFailedException($"gradient check of dx at (x: {Expect.Text(x)}, y: {Expect.Text(y)})", $"{Expect.Text(nx)} (numerical)", Expect.Text(dx), BackwardHint);
            if (!Expect.Close(dy, ny, 1e-6, 1e-5))
                throw new CheckFailedException($"gradient check of dy at (x: {Expect.Text(x)}, y: {Expect.Text(y)})", $"{Expect.Text(ny)} (numerical)", Expect.Text(dy), BackwardHint);
        }
    }
}
