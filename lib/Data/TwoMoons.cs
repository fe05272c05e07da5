using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Data;

/// <summary>
/// Two interleaving half circles in the plane, a two-class data set no straight line separates: class 1 on the upper
/// arc (cos θ, sin θ), class 0 on the lower arc (1 − cos θ, 0.5 − sin θ), θ uniform in [0, π], plus Gaussian noise.
/// Made in code from a seed, so every run sees the same points.
/// </summary>
public static class TwoMoons
{
    /// <summary>
    /// <paramref name="count"/> points (half of each class, alternating 1, 0, 1, …) as a count×2 matrix, one point per
    /// row, and their labels (1 or 0).
    /// </summary>
    public static (Matrix<double> X, int[] Labels) Create(int count, double noise = 0.1, int seed = 7)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(noise);
        var random = new Random(seed);
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var x = Matrix<double>.Build.Dense(count, 2);
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            var theta = Math.PI * random.NextDouble();
            labels[i] = i % 2 == 0 ? 1 : 0;
            var (px, py) = labels[i] == 1 ? (Math.Cos(theta), Math.Sin(theta)) : (1 - Math.Cos(theta), 0.5 - Math.Sin(theta));
            x[i, 0] = px + noise * Gaussian();
            x[i, 1] = py + noise * Gaussian();
        }
        return (x, labels);
    }
}
