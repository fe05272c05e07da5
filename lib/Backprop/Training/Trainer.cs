using System.Diagnostics;
using Backprop.Data;
using Backprop.Errors;
using Backprop.Networks;
using Backprop.Optimizers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Training;

/// <summary>
/// The training loop of train_neuralnet.py, for any <see cref="INetwork"/> and any <see cref="IOptimizer"/>: each
/// iteration draws a mini-batch of <see cref="BatchSize"/> rows WITH replacement from a <see cref="Random"/> seeded by
/// <see cref="Seed"/>, backpropagates, records the batch's loss and lets the optimizer step. Accuracy on both sets is
/// measured before training, every <see cref="EvaluateEvery"/> iterations (one epoch, max(N / BatchSize, 1), unless set)
/// and after the last iteration.
/// </summary>
public sealed class Trainer
{
    /// <summary>Rows per mini-batch (book: 100).</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>Number of optimizer steps (book: 10,000 on full MNIST).</summary>
    public int Iterations { get; init; } = 10_000;

    /// <summary>Seed of the mini-batch sampler: the same seed and network give the same run.</summary>
    public int Seed { get; init; }

    /// <summary>Iterations between accuracy measurements; 0 (the default) measures once per epoch.</summary>
    public int EvaluateEvery { get; init; }

    /// <summary>If positive, the progress callback is also called every this many iterations (without accuracies).</summary>
    public int ProgressEvery { get; init; }

    /// <summary>
    /// Makes the <see cref="IBatchSampler"/> that writes batches from the training set; null copies the rows one by one.
    /// </summary>
    public Func<Matrix<double>, IBatchSampler>? Sampler { get; init; }

    /// <summary>
    /// Trains <paramref name="network"/> in place on (xTrain, tTrain) with <paramref name="optimizer"/>, measuring accuracy
    /// on both sets, and returns the history. <paramref name="progress"/> is called at every evaluation (and every
    /// <see cref="ProgressEvery"/> iterations).
    /// </summary>
    /// <exception cref="NonFiniteLossException">The loss became NaN or ∞ (message names the iteration).</exception>
    public TrainingHistory Train(INetwork network, IOptimizer optimizer, Matrix<double> xTrain, int[] tTrain,
        Matrix<double> xTest, int[] tTest, Action<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        RequireSet(xTrain, tTrain, "training");
        RequireSet(xTest, tTest, "test");
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfNegative(Iterations, nameof(Iterations));
        ArgumentOutOfRangeException.ThrowIfNegative(EvaluateEvery, nameof(EvaluateEvery));
        var random = new Random(Seed);
        var n = xTrain.RowCount;
        var perEpoch = Math.Max(n / BatchSize, 1);
        var evaluateEvery = EvaluateEvery > 0 ? EvaluateEvery : perEpoch;
        var history = new TrainingHistory(perEpoch);
        var clock = Stopwatch.StartNew();
        // One batch buffer reused every iteration: the network is done with a batch before the next is drawn.
        var xBatch = Matrix<double>.Build.Dense(BatchSize, xTrain.ColumnCount);
        var tBatch = new int[BatchSize];
        var rows = new int[BatchSize];
        using var sampler = Sampler?.Invoke(xTrain) ?? new RowByRow(xTrain);
        var loss = double.NaN;

        void Evaluate(int iteration)
        {
            var started = clock.Elapsed;
            var train = network.Accuracy(xTrain, tTrain);
            var test = network.Accuracy(xTest, tTest);
            history.AddEvaluation(iteration, train, test);
            history.EvaluationTime += clock.Elapsed - started;
            progress?.Invoke(new TrainingProgress(iteration, Iterations, iteration / perEpoch, loss, train, test, clock.Elapsed, history));
        }

        Evaluate(0);
        for (var i = 1; i <= Iterations; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // batch_mask = np.random.choice(train_size, batch_size): rows drawn with replacement.
            for (var r = 0; r < BatchSize; r++)
            {
                rows[r] = random.Next(n);
                tBatch[r] = tTrain[rows[r]];
            }
            sampler.CopyRows(rows, xBatch);
            IReadOnlyDictionary<string, Matrix<double>> grads;
            try
            {
                grads = network.Gradient(xBatch, tBatch);
            }
            catch (NonFiniteLossException e)
            {
                throw new NonFiniteLossException(
                    $"Trainer: the loss is not finite at iteration {i} ({optimizer.Name}); lower the learning rate. {e.Message}");
            }
            loss = network.LastLayer.Loss;
            history.AddLoss(loss);
            optimizer.Update(network.Parameters, grads);
            if (i % evaluateEvery == 0 || i == Iterations) Evaluate(i);
            else if (ProgressEvery > 0 && i % ProgressEvery == 0)
                progress?.Invoke(new TrainingProgress(i, Iterations, i / perEpoch, loss, null, null, clock.Elapsed, history));
        }
        history.TrainingTime = clock.Elapsed - history.EvaluationTime;
        return history;
    }

    /// <summary>Trains on an MNIST training set and measures accuracy on a test set (see the main overload).</summary>
    public TrainingHistory Train(INetwork network, IOptimizer optimizer, MnistSet train, MnistSet test,
        Action<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        return Train(network, optimizer, train.Images, train.Labels, test.Images, test.Labels, progress, cancellationToken);
    }

    private static void RequireSet(Matrix<double> x, int[] t, string which)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(t);
        if (x.RowCount == 0) throw new ArgumentException($"Trainer: the {which} set is empty (0 rows).", nameof(x));
        if (x.RowCount != t.Length)
            throw new ShapeMismatchException($"Trainer: the {which} images are {Shape.Of(x)} but there are {t.Length} labels (one label per row).");
    }

    // x_train[batch_mask]: each chosen row copied into the batch.
    private sealed class RowByRow(Matrix<double> x) : IBatchSampler
    {
        public void CopyRows(int[] rows, Matrix<double> batch)
        {
            for (var i = 0; i < rows.Length; i++) batch.SetRow(i, x.Row(rows[i]));
        }

        public void Dispose() { }
    }
}
