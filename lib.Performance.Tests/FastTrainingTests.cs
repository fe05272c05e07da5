using Backprop.Layers;
using Backprop.Networks;
using Backprop.Optimizers;
using Backprop.Tests.TestSupport;
using Backprop.Training;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Performance.Tests;

/// <summary>
/// The Trainer driving the fast pieces (BatchSampler, FastTwoLayerNet, FastSgd) against the Trainer driving the book's
/// TwoLayerNet and Sgd: with the same products, the same run bit for bit.
/// </summary>
[Collection(nameof(MatrixBackendTests))]
public class FastTrainingTests
{
    public static TheoryData<MatrixBackendKind> Backends => [.. Enum.GetValues<MatrixBackendKind>().Where(k => k != MatrixBackendKind.Native || MatrixBackend.IsNativeAvailable)];

    [Theory]
    [MemberData(nameof(Backends))]
    public void The_fast_pieces_end_with_the_book_pieces_weights_losses_and_accuracies_bit_for_bit(MatrixBackendKind kind)
    {
        var train = BundledMnist.Train.Take(1000);
        var test = BundledMnist.Test.Take(300);
        try
        {
            MatrixBackend.Use(kind);
            var book = new TwoLayerNet(784, 50, 10, seed: 7);
            var fast = new TwoLayerNet(784, 50, 10, seed: 7);
            var bookHistory = new Trainer { Iterations = 60, BatchSize = 100, Seed = 3 }.Train(book, new Sgd(0.1), train, test,
                cancellationToken: TestContext.Current.CancellationToken);
            var fastHistory = new Trainer { Iterations = 60, BatchSize = 100, Seed = 3, Sampler = x => new BatchSampler(x) }
                .Train(new FastTwoLayerNet(fast), new FastSgd(0.1), train, test, cancellationToken: TestContext.Current.CancellationToken);

            for (var p = 0; p < book.Parameters.Count; p++) BitExact.Equal(book.Parameters[p].Data, fast.Parameters[p].Data);
            Assert.Equal(bookHistory.Losses, fastHistory.Losses);
            Assert.Equal(bookHistory.TestAccuracy, fastHistory.TestAccuracy);
            Assert.Equal(bookHistory.TrainAccuracy, fastHistory.TrainAccuracy);
        }
        finally
        {
            MatrixBackend.UseMathNet();
        }
    }

    [Fact]
    public void FastTwoLayerNet_gives_the_networks_own_gradients_without_touching_the_first_layers_dx()
    {
        var net = new TwoLayerNet(784, 20, 10, weightInitStd: 0.1, seed: 5);
        var batch = BundledMnist.Train.Take(30);
        var expected = net.Gradient(batch.Images, batch.Labels).ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
        var fast = new FastTwoLayerNet(net).Gradient(batch.Images, batch.Labels);

        Assert.Equal(expected.Keys.Order(), fast.Keys.Order());
        foreach (var (name, gradient) in expected) BitExact.Equal(gradient, fast[name]);
    }

    [Fact]
    public void FastSgd_steps_every_parameter_exactly_as_Sgd_and_names_a_missing_gradient()
    {
        Matrix<double> Start(int seed) => Matrix<double>.Build.Dense(7, 9, (i, j) => Math.Sin(seed + 3 * i + j));
        var grads = new Dictionary<string, Matrix<double>> { ["W"] = Start(1), ["b"] = Matrix<double>.Build.Dense(1, 9, (_, j) => Math.Cos(j)) };
        Parameter[] book = [new("W", Start(2)), new("b", Matrix<double>.Build.Dense(1, 9, 0.5))];
        Parameter[] fast = [new("W", Start(2)), new("b", Matrix<double>.Build.Dense(1, 9, 0.5))];

        new Sgd(0.37).Update(book, grads);
        new FastSgd(0.37).Update(fast, grads);

        for (var p = 0; p < book.Length; p++) BitExact.Equal(book[p].Data, fast[p].Data);
        var ex = Assert.Throws<KeyNotFoundException>(() => new FastSgd(0.1).Update([new Parameter("W2", Start(3))], grads));
        Assert.Contains("W2", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new FastSgd(0));
    }
}
