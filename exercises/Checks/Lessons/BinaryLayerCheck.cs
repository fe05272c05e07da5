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

    /// <summary>The right (dx, dy); <see cref="double.NaN"/> where the contract says a derivative does not exist.</summary>
    public required Func<double, double, double, (double dx, double dy)> Backward { get; init; }
    public required string ForwardHint { get; init; }
    public required string BackwardHint { get; init; }
    public Func<double, double, double, Mistake<double>[]> DxMistakes { get; init; } = (_, _, _) => [];
    public Func<double, double, double, Mistake<double>[]> DyMistakes { get; init; } = (_, _, _) => [];

    /// <summary>
    /// Typical wrong answers as a pair (dx, dy), tried before <see cref="DxMistakes"/> and <see cref="DyMistakes"/>: a
    /// mistake such as "dout sent to the wrong input" is recognisable only from both gradients together.
    /// </summary>
    public Func<double, double, double, (string Hint, double Dx, double Dy)[]> PairMistakes { get; init; } = (_, _, _) => [];
    public (double X, double Y, double Dout) First { get; init; } = (100, 2, 1.1);

    /// <summary>
    /// The i-th of four seeded inputs (x, y), i = 0…3, where the node is smooth, so central differences can judge Backward there.
    /// </summary>
    public Func<Random, int, (double X, double Y)> RandomInputs { get; init; } = (random, i) =>
        // y stays away from 0 so that a division layer is well defined.
        (CheckData.Number(random, -3, 3), CheckData.Number(random, 0.5, 3) * (i % 2 == 0 ? 1 : -1));

    /// <summary>Valid but extreme inputs: by default a zero input, a negative and a tiny upstream gradient, large and small magnitudes.</summary>
    public IReadOnlyList<(double X, double Y, double Dout)> Extremes { get; init; } = [(0, 2.5, -1.5), (-4, 0.01, 0.001), (2.5e5, -40, -3)];

    /// <summary>The hint when the learner returns a number where the contract asks for NaN (no derivative there).</summary>
    public string UndefinedHint { get; init; } = "the contract says this derivative does not exist here: return double.NaN";

    /// <summary>The hint when the learner returns NaN where the derivative exists, given ("dx" or "dy", x, y); null for the general hint.</summary>
    public Func<string, double, double, string?> NaNHint { get; init; } = (_, _, _) => null;

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
            var (x, y) = RandomInputs(random, i);
            points.Add((x, y, CheckData.Number(random, 0.5, 2)));
        }
        points.AddRange(Extremes);
        foreach (var (x, y, d) in points)
        {
            var at = $"(x: {Expect.Text(x)}, y: {Expect.Text(y)})";
            Expect.Value(layer.Forward(x, y), Forward(x, y), $"Forward{at}", ForwardHint);
            Judge(layer.Backward(d), x, y, d, $"Backward(dout: {Expect.Text(d)}) after Forward{at}", BackwardHint);

            // A second Backward after the same Forward, with another dout: what Forward stored must still be there.
            var d2 = -2 * d + 0.5;
            const string Again = "the first Backward was right, a second one after the same Forward is not: Backward changed what Forward stored, or remembers the dout of an earlier call — keep the stored inputs as they are";
            Judge(layer.Backward(d2), x, y, d2, $"a second Backward(dout: {Expect.Text(d2)}) after the same Forward{at}", Again);
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

    private void Judge((double dx, double dy) got, double x, double y, double d, string what, string hint)
    {
        var (ex, ey) = Backward(x, y, d);
        foreach (var (name, value, expected) in new[] { ("dx", got.dx, ex), ("dy", got.dy, ey) })
        {
            var where = $"{name} of {what}";
            if (double.IsNaN(expected))
            {
                if (double.IsNaN(value)) continue;
                throw new CheckFailedException($"values of {where}", "NaN", Expect.Text(value), UndefinedHint);
            }
            if (double.IsNaN(value))
                throw new CheckFailedException($"values of {where}", Expect.Text(expected), "NaN", NaNHint(name, x, y) ?? hint);
            if (Expect.Close(value, expected)) continue;
            var pair = PairMistakes(x, y, d).FirstOrDefault(m => Same(got.dx, m.Dx) && Same(got.dy, m.Dy));
            if (pair.Hint is not null)
                throw new CheckFailedException($"values of {where}", Expect.Text(expected), Expect.Text(value), pair.Hint);
            Expect.Value(value, expected, where, hint, name == "dx" ? DxMistakes(x, y, d) : DyMistakes(x, y, d));
        }
    }

    private static bool Same(double got, double wrong) => double.IsNaN(wrong) ? double.IsNaN(got) : Expect.Close(got, wrong);
}
