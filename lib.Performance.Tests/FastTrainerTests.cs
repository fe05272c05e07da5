using Backprop.Networks;
using Backprop.Tests.TestSupport;
using Backprop.Training;

namespace Backprop.Performance.Tests;

/// <summary>FastTrainer against the course's Trainer: with the same products, the same run bit for bit.</summary>
[Collection(nameof(MatrixBackendTests))]
public class FastTrainerTests
{
    public static TheoryData<MatrixBackendKind> Backends => [.. Enum.GetValues<MatrixBackendKind>().Where(k => k != MatrixBackendKind.Native || MatrixBackend.IsNativeAvailable)];

    [Theory]
    [MemberData(nameof(Backends))]
    public void FastTrainer_ends_with_the_Trainers_weights_losses_and_accuracies_bit_for_bit(MatrixBackendKind kind)
    {
        var train = BundledMnist.Train.Take(1000);
        var test = BundledMnist.Test.Take(300);
        try
        {
            MatrixBackend.Use(kind);
            var book = new TwoLayerNet(784, 50, 10, seed: 7);
            var fast = new TwoLayerNet(784, 50, 10, seed: 7);
            var bookHistory = new Trainer { Iterations = 60, BatchSize = 100, Seed = 3 }.Train(book, train, test,
                cancellationToken: TestContext.Current.CancellationToken);
            var fastHistory = new FastTrainer { Iterations = 60, BatchSize = 100, Seed = 3 }.Train(fast, train, test,
                cancellationToken: TestContext.Current.CancellationToken);

            for (var p = 0; p < book.Parameters.Count; p++) BitExact.Equal(book.Parameters[p].Value, fast.Parameters[p].Value);
            Assert.Equal(bookHistory.Losses, fastHistory.Losses);
            Assert.Equal(bookHistory.TestAccuracy, fastHistory.TestAccuracy);
            Assert.Equal(bookHistory.TrainAccuracy, fastHistory.TrainAccuracy);
        }
        finally
        {
            MatrixBackend.UseMathNet();
        }
    }
}
