using Backprop.Errors;
using Backprop.Layers;
using Backprop.Networks;
using Backprop.Optimizers;
using Backprop.Tests.TestSupport;
using Backprop.Training;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Training;

/// <summary>The training loop on synthetic data (no MNIST needed): fast, seeded, deterministic.</summary>
public class TrainerTests
{
    // 600 points from the same four clouds: the first 400 train, the last 200 test.
    private static readonly (Matrix<double> X, int[] T) All = Blobs.Create(600, 8, 4, seed: 1);
    private static readonly (Matrix<double> X, int[] T) Train = (All.X.SubMatrix(0, 400, 0, 8), All.T[..400]);
    private static readonly (Matrix<double> X, int[] T) Test = (All.X.SubMatrix(400, 200, 0, 8), All.T[400..]);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Trainer Trainer(int iterations = 300, int batch = 40, int seed = 5) =>
        new() { Iterations = iterations, BatchSize = batch, Seed = seed };

    [Fact]
    public void Training_on_separable_blobs_reaches_high_test_accuracy_and_lowers_the_loss()
    {
        var net = new TwoLayerNet(8, 16, 4, weightInitStd: 0.1, seed: 2);
        var history = Trainer().Train(net, new Sgd(0.5), Train.X, Train.T, Test.X, Test.T, cancellationToken: Ct);

        Assert.InRange(history.FinalTestAccuracy, 0.95, 1.0);
        Assert.InRange(history.TestAccuracy[0], 0.0, 0.6);  // before training: chance level is 0.25
        var first = history.Losses.Take(10).Average();
        var last = history.Losses.TakeLast(10).Average();
        Assert.True(last < first / 4, $"loss went from {first} to {last}");
    }

    [Fact]
    public void History_has_one_loss_per_iteration_and_accuracies_at_start_each_epoch_and_the_end()
    {
        var net = new TwoLayerNet(8, 16, 4, weightInitStd: 0.1, seed: 2);
        var calls = new List<TrainingProgress>();
        // 400 samples / batch 40 = 10 iterations per epoch; 25 iterations = 2 epochs and a half.
        var history = Trainer(iterations: 25).Train(net, new Sgd(0.5), Train.X, Train.T, Test.X, Test.T, calls.Add, Ct);

        Assert.Equal(10, history.IterationsPerEpoch);
        Assert.Equal(25, history.Losses.Count);
        Assert.Equal([0, 10, 20, 25], history.EvaluatedAtIteration);
        Assert.Equal(4, history.TrainAccuracy.Count);
        Assert.Equal(4, history.TestAccuracy.Count);
        Assert.Equal([0, 10, 20, 25], calls.Select(c => c.Iteration));
        Assert.All(calls, c => Assert.True(c.IsEvaluation));
        Assert.Equal([0, 1, 2, 2], calls.Select(c => c.Epoch));
        Assert.Same(history, calls[^1].History);
        Assert.Equal(history.TestAccuracy[2], calls[2].TestAccuracy!.Value, 1e-15);
    }

    [Fact]
    public void Progress_every_k_iterations_adds_calls_without_accuracies()
    {
        var net = new TwoLayerNet(8, 16, 4, weightInitStd: 0.1, seed: 2);
        var calls = new List<TrainingProgress>();
        new Trainer { Iterations = 20, BatchSize = 40, ProgressEvery = 3 }
            .Train(net, new Sgd(0.5), Train.X, Train.T, Test.X, Test.T, calls.Add, Ct);

        Assert.Equal([0, 3, 6, 9, 10, 12, 15, 18, 20], calls.Select(c => c.Iteration));
        Assert.Equal([3, 6, 9, 12, 15, 18], calls.Where(c => !c.IsEvaluation).Select(c => c.Iteration));
        Assert.All(calls.Where(c => !c.IsEvaluation), c => Assert.True(double.IsFinite(c.Loss)));
    }

    [Fact]
    public void The_same_seeds_give_the_same_run_and_another_sampler_seed_a_different_one()
    {
        TrainingHistory Run(int samplerSeed) =>
            Trainer(iterations: 30, seed: samplerSeed).Train(new TwoLayerNet(8, 16, 4, 0.1, seed: 2), new Sgd(0.5), Train.X, Train.T, Test.X, Test.T, cancellationToken: Ct);

        var a = Run(5);
        var b = Run(5);
        var c = Run(6);
        Assert.Equal(a.Losses, b.Losses);
        Assert.NotEqual(a.Losses, c.Losses);
    }

    [Fact]
    public void A_batch_larger_than_the_training_set_works_because_batches_are_drawn_with_replacement()
    {
        var small = (X: Train.X.SubMatrix(0, 10, 0, 8), T: Train.T[..10]);
        var history = new Trainer { Iterations = 3, BatchSize = 50 }
            .Train(new TwoLayerNet(8, 4, 4), new Sgd(0.1), small.X, small.T, Test.X, Test.T, cancellationToken: Ct);
        Assert.Equal(1, history.IterationsPerEpoch);  // max(10 / 50, 1)
        Assert.Equal(3, history.Losses.Count);
    }

    [Fact]
    public void A_non_finite_loss_stops_training_and_names_the_iteration()
    {
        var x = Matrix<double>.Build.Dense(1, 8, double.NaN);
        var ex = Assert.Throws<NonFiniteLossException>(() =>
            new Trainer { Iterations = 5, BatchSize = 1 }.Train(new TwoLayerNet(8, 4, 4), new Sgd(), x, [0], Test.X, Test.T, cancellationToken: Ct));
        Assert.Contains("iteration 1", ex.Message);
    }

    [Fact]
    public void Labels_that_do_not_match_the_images_name_the_set_and_both_counts()
    {
        var ex = Assert.Throws<ShapeMismatchException>(() =>
            Trainer().Train(new TwoLayerNet(8, 4, 4), new Sgd(), Train.X, Train.T[..399], Test.X, Test.T, cancellationToken: Ct));
        Assert.Contains("training", ex.Message);
        Assert.Contains("400×8", ex.Message);
        Assert.Contains("399 labels", ex.Message);
    }

    [Fact]
    public void A_batch_size_below_one_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new Trainer { BatchSize = 0 }.Train(new TwoLayerNet(8, 4, 4), new Sgd(), Train.X, Train.T, Test.X, Test.T, cancellationToken: Ct));
    }

    [Fact]
    public void Any_network_and_optimizer_train_exactly_as_the_books_loop_written_out()
    {
        // The loop of train_neuralnet.py by hand: the same seeded draws, the network's gradient, the optimizer's step.
        var byHand = new MultiLayerNet(8, [6, 5], 4, weightDecayLambda: 0.01, seed: 3);
        var handOptimizer = new Momentum(0.05);
        var random = new Random(9);
        var handLosses = new List<double>();
        for (var i = 0; i < 12; i++)
        {
            var rows = Enumerable.Range(0, 20).Select(_ => random.Next(Train.X.RowCount)).ToArray();
            var x = Matrix<double>.Build.Dense(20, 8, (r, c) => Train.X[rows[r], c]);
            var grads = byHand.Gradient(x, rows.Select(r => Train.T[r]).ToArray());
            handLosses.Add(byHand.LastLayer.Loss);
            handOptimizer.Update(byHand.Parameters, grads);
        }

        var trained = new MultiLayerNet(8, [6, 5], 4, weightDecayLambda: 0.01, seed: 3);
        var history = new Trainer { Iterations = 12, BatchSize = 20, Seed = 9 }
            .Train(trained, new Momentum(0.05), Train.X, Train.T, Test.X, Test.T, cancellationToken: Ct);

        Assert.Equal(handLosses, history.Losses);
        for (var p = 0; p < byHand.Parameters.Count; p++) BitExact.Equal(byHand.Parameters[p].Data, trained.Parameters[p].Data);
    }

    [Fact]
    public void Evaluate_every_k_iterations_measures_at_the_start_every_k_and_after_the_last()
    {
        var history = new Trainer { Iterations = 25, BatchSize = 40, EvaluateEvery = 7 }
            .Train(new TwoLayerNet(8, 4, 4), new Sgd(), Train.X, Train.T, Test.X, Test.T, cancellationToken: Ct);
        Assert.Equal([0, 7, 14, 21, 25], history.EvaluatedAtIteration);
        Assert.Equal(10, history.IterationsPerEpoch);   // an epoch is still 400 / 40
    }

    [Fact]
    public void A_given_sampler_writes_every_batch_and_is_disposed_when_training_ends()
    {
        var made = new List<RecordingSampler>();
        new Trainer { Iterations = 4, BatchSize = 5, Seed = 2, Sampler = x => { var s = new RecordingSampler(x); made.Add(s); return s; } }
            .Train(new TwoLayerNet(8, 4, 4), new Sgd(), Train.X, Train.T, Test.X, Test.T, cancellationToken: Ct);

        var sampler = Assert.Single(made);
        Assert.Same(Train.X, sampler.Source);
        var random = new Random(2);
        var expected = Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, 5).Select(_ => random.Next(400)).ToArray()).ToList();
        Assert.Equal(expected, sampler.Calls);
        Assert.True(sampler.Disposed);
    }

    private sealed class RecordingSampler(Matrix<double> x) : IBatchSampler
    {
        public Matrix<double> Source { get; } = x;
        public List<int[]> Calls { get; } = [];
        public bool Disposed { get; private set; }

        public void CopyRows(int[] rows, Matrix<double> batch)
        {
            Calls.Add((int[])rows.Clone());
            for (var i = 0; i < rows.Length; i++) batch.SetRow(i, Source.Row(rows[i]));
        }

        public void Dispose() => Disposed = true;
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void Sgd_rejects_a_learning_rate_that_is_not_positive(double lr)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(lr));
    }
}
