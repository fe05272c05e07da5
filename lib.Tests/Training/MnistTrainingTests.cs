using System.Diagnostics;
using Backprop.Networks;
using Backprop.Tests.TestSupport;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Tests.Training;

/// <summary>
/// The book's train_neuralnet.py (ch05) on the bundled subset: 784-50-10, batch 100, lr 0.1, 2,000 iterations, seeds 42.
/// The repository's benchmark of this very run (benchmarks/README.md, `bash benchmarks/run`; the README's "How fast does it
/// train?") measured a test accuracy of 0.9300 on every C# path and 0.9350 for benchmarks/numpy_train.py, the book's loop in
/// NumPy float64 with its own random draws; this test saw 0.9300 too. It asks for ≥ 0.90.
/// This is the slow test of the project (72 s measured on two cores shared with other builds).
/// </summary>
public class MnistTrainingTests
{
    [Fact]
    public void Two_layer_net_reaches_90_percent_on_the_held_out_2000_within_2000_iterations()
    {
        var train = BundledMnist.Train;
        var test = BundledMnist.Test;
        Assert.Equal(8000, train.Count);
        Assert.Equal(2000, test.Count);
        var net = new TwoLayerNet(784, 50, 10, weightInitStd: 0.01, seed: 42);
        var trainer = new Trainer { Iterations = 2000, BatchSize = 100, Seed = 42 };
        var epochs = new List<TrainingProgress>();
        var clock = Stopwatch.StartNew();

        var history = trainer.Train(net, new Sgd(0.1), train, test, epochs.Add, TestContext.Current.CancellationToken);

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"test accuracy {history.FinalTestAccuracy:0.0000}, train {history.FinalTrainAccuracy:0.0000}, " +
            $"first-epoch test {history.TestAccuracy[1]:0.0000}, {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.InRange(history.FinalTestAccuracy, 0.90, 1.0);
        Assert.InRange(history.TestAccuracy[0], 0.0, 0.3);  // untrained: about chance (0.1)
        Assert.Equal(2000, history.Losses.Count);
        Assert.Equal(80, history.IterationsPerEpoch);        // 8,000 / 100
        Assert.Equal(26, epochs.Count);                      // before training + 25 epoch ends

        // The evaluation helpers agree with the accuracy the history recorded.
        var predicted = net.PredictLabels(test.Images);
        var confusion = Evaluation.ConfusionMatrix(predicted, test.Labels, 10);
        var diagonal = Enumerable.Range(0, 10).Sum(i => confusion[i, i]);
        Assert.Equal(history.FinalTestAccuracy, diagonal / 2000.0, 1e-12);
        Assert.Equal(2000 - diagonal, Evaluation.Misclassified(predicted, test.Labels).Length);
    }
}
