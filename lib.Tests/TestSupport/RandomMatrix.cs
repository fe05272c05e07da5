using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.TestSupport;

/// <summary>Seeded random test inputs, so every failure can be replayed.</summary>
internal static class RandomMatrix
{
    /// <summary>Uniform values in [low, high).</summary>
    public static Matrix<double> Uniform(int rows, int columns, int seed, double low = -1.0, double high = 1.0)
    {
        var random = new Random(seed);
        return Matrix<double>.Build.Dense(rows, columns, (_, _) => low + (high - low) * random.NextDouble());
    }

    /// <summary>
    /// Uniform values in [−1, 1) kept at least 0.01 away from 0, so a ±1e-4 nudge never crosses ReLU's kink
    /// (there the numerical gradient is legitimately half-way between 0 and 1).
    /// </summary>
    public static Matrix<double> AwayFromZero(int rows, int columns, int seed) =>
        Uniform(rows, columns, seed).Map(v => Math.Abs(v) < 0.01 ? 0.01 * Math.Sign(v == 0 ? 1 : v) + v : v);

    /// <summary>Random class indices in 0..classes−1.</summary>
    public static int[] Labels(int count, int classes, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => random.Next(classes))];
    }

    /// <summary>Largest |a − b| over all elements.</summary>
    public static double MaxAbsDifference(Matrix<double> a, Matrix<double> b)
    {
        Assert.Equal(a.RowCount, b.RowCount);
        Assert.Equal(a.ColumnCount, b.ColumnCount);
        return (a - b).Enumerate().Select(Math.Abs).DefaultIfEmpty(0).Max();
    }
}
