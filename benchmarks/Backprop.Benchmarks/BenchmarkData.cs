using Backprop.Data;
using Backprop.Networks;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Benchmarks;

/// <summary>The bundled MNIST subset and mini-batches drawn from it as the Trainer draws them (seeded, with replacement).</summary>
public static class BenchmarkData
{
    private static readonly Lazy<(MnistSet Train, MnistSet Test)> Sets = new(Mnist.LoadBundled);

    /// <summary>The 8,000 training images.</summary>
    public static MnistSet Train => Sets.Value.Train;

    /// <summary>The 2,000 test images.</summary>
    public static MnistSet Test => Sets.Value.Test;

    /// <summary><paramref name="count"/> batches of <paramref name="batchSize"/> rows, drawn with a seeded Random.</summary>
    public static (Matrix<double> X, int[] T)[] Batches(int count, int batchSize = 100, int seed = 42)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var rows = Enumerable.Range(0, batchSize).Select(_ => random.Next(Train.Count)).ToArray();
            var batch = Train.Rows(rows);
            return (batch.Images, batch.Labels);
        })];
    }

    /// <summary>The book's network, 784-50-10, weight_init_std 0.01.</summary>
    public static TwoLayerNet Network() => new(784, 50, 10, weightInitStd: 0.01, seed: 42);
}
