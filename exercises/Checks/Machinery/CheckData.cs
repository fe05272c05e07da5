using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>Seeded random inputs: every run of a check sees the same numbers, so a result is reproducible.</summary>
internal static class CheckData
{
    /// <summary>Uniform in [−2, 2), kept at least <paramref name="awayFromZero"/> from 0 (ReLU's kink is not differentiable).</summary>
    public static Matrix<double> Matrix(int rows, int columns, int seed, double awayFromZero = 0.05)
    {
        var random = new Random(seed);
        return Matrix<double>.Build.Dense(rows, columns, (_, _) =>
        {
            var v = random.NextDouble() * 4 - 2;
            return Math.Abs(v) < awayFromZero ? Math.CopySign(awayFromZero, v == 0 ? 1 : v) + v : v;
        });
    }

    /// <summary>A uniform number in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public static double Number(Random random, double low, double high) => low + random.NextDouble() * (high - low);

    /// <summary>f(x) = Σ(Forward(x) ⊙ dout), so ∂f/∂x is what Backward(dout) must return.</summary>
    public static double Projected(Func<Matrix<double>, Matrix<double>> forward, Matrix<double> x, Matrix<double> dout) =>
        forward(x).PointwiseMultiply(dout).Enumerate().Sum();
}
