using Backprop.Gradients;

namespace Backprop.Checks;

/// <summary>Checks of lesson 1's exercises (computational graphs, backward by hand).</summary>
public static class Lesson1Checks
{
    /// <summary>
    /// EXERCISE 1.1: the apple graph price = apple · count · tax, backward by hand. <paramref name="backward"/>
    /// gets (apple, count, tax, dprice) and returns (dApple, dCount, dTax). Checked on the book's numbers
    /// (100, 2, 1.1, 1 → 2.2, 110, 200), then on seeded random inputs and unusual ones (negative and tiny dprice, one
    /// apple, a zero price), then against central differences.
    /// </summary>
    public static CheckResult AppleGraphBackward(Func<double, double, double, double, (double dApple, double dCount, double dTax)> backward) =>
        Exercise.Check("1.1", "Backward through the apple graph", () =>
        {
            ArgumentNullException.ThrowIfNull(backward);
            var points = new List<(double A, double C, double T, double D)> { (100, 2, 1.1, 1) };
            var random = new Random(11);
            for (var i = 0; i < 4; i++)
                points.Add((CheckData.Number(random, 50, 200), Math.Round(CheckData.Number(random, 1, 6)), CheckData.Number(random, 1.05, 1.3), CheckData.Number(random, 0.5, 3)));
            // Valid but unusual: a negative and a tiny upstream gradient, one apple, no tax (1), a price of 0.
            points.Add((100, 2, 1.1, -2.5));
            points.Add((80, 1, 1, 0.001));
            points.Add((0, 7, 1.2, 3));
            foreach (var (a, c, t, d) in points)
            {
                var (dA, dC, dT) = backward(a, c, t, d);
                var at = $"AppleBackward(apple: {Expect.Text(a)}, count: {Expect.Text(c)}, tax: {Expect.Text(t)}, dprice: {Expect.Text(d)})";
                Expect.Value(dA, d * c * t, $"dApple of {at}", "dApple = dprice · tax · count (the product of everything on the path back from price)",
                    new("the upstream gradient dprice is missing: multiply the local gradients by dprice (chain rule)", c * t),
                    new("a multiplication node swaps its inputs: ∂(apple·count)/∂apple is count, not apple", d * a * t),
                    new("the tax node is on the path from apple to price too: multiply by tax", d * c));
                Expect.Value(dC, d * a * t, $"dCount of {at}", "dCount = dprice · tax · apple",
                    new("the upstream gradient dprice is missing: multiply the local gradients by dprice (chain rule)", a * t),
                    new("a multiplication node swaps its inputs: ∂(apple·count)/∂count is apple, not count", d * c * t),
                    new("the tax node is on the path from count to price too: multiply by tax", d * a));
                Expect.Value(dT, d * a * c, $"dTax of {at}", "dTax = dprice · (apple · count)",
                    new("the upstream gradient dprice is missing: multiply the local gradients by dprice (chain rule)", a * c),
                    new("a multiplication node swaps its inputs: ∂(subtotal·tax)/∂tax is the subtotal apple·count, not tax", d * t));
            }
            foreach (var (a, c, t, d) in points.Skip(1).Take(4))
            {
                var (dA, dC, dT) = backward(a, c, t, d);
                var numerical = NumericalGradient.Of(p => d * p[0] * p[1] * p[2], [a, c, t]);   // d · price(apple, count, tax)
                var analytic = new[] { dA, dC, dT };
                for (var k = 0; k < 3; k++)
                    if (!Expect.Close(analytic[k], numerical[k], 1e-6, 1e-6))
                        throw new CheckFailedException($"gradient check of {(new[] { "dApple", "dCount", "dTax" })[k]}",
                            $"{Expect.Text(numerical[k])} (numerical)", Expect.Text(analytic[k]), "the backward result disagrees with central differences of the forward pass");
            }
        });

    /// <summary>
    /// EXERCISE 1.2: the chain rule on z = t², t = x + y (the book's section 5.2). <paramref name="backward"/>
    /// gets (x, y, dz) and returns (dx, dy) = (2t·dz, 2t·dz). Checked on fixed, seeded random and unusual
    /// inputs (x + y = 0, negative dz, far-apart inputs), then against central differences.
    /// </summary>
    public static CheckResult SquareOfSumBackward(Func<double, double, double, (double dx, double dy)> backward) =>
        Exercise.Check("1.2", "The chain rule on z = (x + y)²", () =>
        {
            ArgumentNullException.ThrowIfNull(backward);
            var points = new List<(double X, double Y, double D)> { (1, 2, 1) };
            var random = new Random(12);
            for (var i = 0; i < 4; i++)
                points.Add((CheckData.Number(random, -3, 3), CheckData.Number(random, -3, 3), CheckData.Number(random, 0.5, 2)));
            // Valid but unusual: x + y = 0, a negative upstream gradient, inputs far apart whose sum is small.
            points.Add((2, -2, 1.5));
            points.Add((-1.5, 0.25, -3));
            points.Add((-1000, 1000.5, 2));
            foreach (var (x, y, d) in points)
            {
                var (dx, dy) = backward(x, y, d);
                var t = x + y;
                var at = $"SquareOfSumBackward(x: {Expect.Text(x)}, y: {Expect.Text(y)}, dz: {Expect.Text(d)})";
                foreach (var (name, got, own) in new[] { ("dx", dx, x), ("dy", dy, y) })
                    Expect.Value(got, 2 * t * d, $"{name} of {at}", $"{name} = ∂z/∂t · ∂t/∂{name[1..]} · dz = 2t · 1 · dz with t = x + y",
                        new("the factor 2 is missing: ∂(t²)/∂t = 2t", t * d),
                        new($"the chain runs through t = x + y: use 2t = 2(x + y), not 2{name[1..]}", 2 * own * d),
                        new("the upstream gradient dz is missing: multiply by dz (chain rule)", 2 * t),
                        new("that is z = t² itself, not its derivative 2t", t * t * d));
            }
            foreach (var (x, y, d) in points.Skip(1).Take(4))
            {
                var (dx, dy) = backward(x, y, d);
                var numerical = NumericalGradient.Of(p => d * (p[0] + p[1]) * (p[0] + p[1]), [x, y]);   // d · z(x, y)
                var (nx, ny) = (numerical[0], numerical[1]);
                if (!Expect.Close(dx, nx, 1e-6, 1e-6))
                    throw new CheckFailedException("gradient check of dx", $"{Expect.Text(nx)} (numerical)", Expect.Text(dx), "dx disagrees with central differences of z");
                if (!Expect.Close(dy, ny, 1e-6, 1e-6))
                    throw new CheckFailedException("gradient check of dy", $"{Expect.Text(ny)} (numerical)", Expect.Text(dy), "dy disagrees with central differences of z");
            }
        });
}
