using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Networks;

/// <summary>
/// Reproducible random weights. Everything draws from a <see cref="Random"/> created with a seed; a seeded
/// System.Random uses the same fixed algorithm on every machine and .NET version, so a seed gives the same
/// numbers everywhere. Gaussians come from Box–Muller (written out below), not from a library, for the same reason.
/// Matrices are filled row by row.
/// </summary>
public static class Initializers
{
    /// <summary>A rows×columns matrix of N(0, std²) values (NumPy's <c>std * np.random.randn(rows, columns)</c>).</summary>
    public static Matrix<double> Gaussian(int rows, int columns, double std, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var m = Matrix<double>.Build.Dense(rows, columns);
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < columns; j++)
                m.At(i, j, std * StandardNormal(random));
        return m;
    }

    /// <summary>A rows×columns matrix of uniform values in [0, 1) (NumPy's <c>np.random.random((rows, columns))</c>).</summary>
    public static Matrix<double> Uniform(int rows, int columns, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var m = Matrix<double>.Build.Dense(rows, columns);
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < columns; j++)
                m.At(i, j, random.NextDouble());
        return m;
    }

    /// <summary>One N(0, 1) sample by Box–Muller: √(−2 ln u₁)·cos(2π u₂), with u₁ in (0, 1] so the log is finite.</summary>
    public static double StandardNormal(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
