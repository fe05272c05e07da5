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

    /// <summary>
    /// Xavier (Glorot) initialisation for a layer of <paramref name="fanIn"/> inputs and <paramref name="fanOut"/> outputs
    /// (the book's layout: W is inputs×outputs): N(0, 1/n) with n = fanIn, standard deviation 1/√n. It keeps the spread of
    /// a sigmoid or tanh layer's input about the same from layer to layer.
    /// </summary>
    public static Matrix<double> Xavier(int fanIn, int fanOut, Random random) => Gaussian(fanIn, fanOut, XavierStd(fanIn), random);

    /// <summary>
    /// He initialisation for a ReLU layer of <paramref name="fanIn"/> inputs and <paramref name="fanOut"/> outputs:
    /// N(0, 2/n) with n = fanIn, standard deviation √(2/n) — twice Xavier's variance, because ReLU zeroes half its inputs.
    /// </summary>
    public static Matrix<double> He(int fanIn, int fanOut, Random random) => Gaussian(fanIn, fanOut, HeStd(fanIn), random);

    /// <summary>Xavier's standard deviation 1/√n for n = <paramref name="fanIn"/> inputs.</summary>
    public static double XavierStd(int fanIn)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fanIn, 1);
        return Math.Sqrt(1.0 / fanIn);
    }

    /// <summary>He's standard deviation √(2/n) for n = <paramref name="fanIn"/> inputs.</summary>
    public static double HeStd(int fanIn)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fanIn, 1);
        return Math.Sqrt(2.0 / fanIn);
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
