using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.TestSupport;

/// <summary>
/// A synthetic classification set that needs no MNIST: <c>classes</c> Gaussian clouds (std 0.15) around
/// random centres in [0, 1)^features, so a small TwoLayerNet can learn it in a few hundred steps.
/// </summary>
internal static class Blobs
{
    public static (Matrix<double> X, int[] T) Create(int count, int features, int classes, int seed)
    {
        var random = new Random(seed);
        var centres = Matrix<double>.Build.Dense(classes, features, (_, _) => random.NextDouble());
        var labels = new int[count];
        var x = Matrix<double>.Build.Dense(count, features);
        for (var i = 0; i < count; i++)
        {
            labels[i] = i % classes;
            for (var j = 0; j < features; j++)
            {
                // Box–Muller, so the set is the same on every machine.
                var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                x[i, j] = centres[labels[i], j] + 0.15 * gaussian;
            }
        }
        return (x, labels);
    }
}
