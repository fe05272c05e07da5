using System.Diagnostics;
using Backprop.Data;
using Backprop.Errors;
using Backprop.Networks;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Training;

/// <summary>
/// The training loop of train_neuralnet.py for a <see cref="TwoLayerNet"/>: each iteration draws a mini-batch
/// of <see cref="BatchSize"/> rows WITH replacement from a <see cref="Random"/> seeded by <see cref="Seed"/>,
/// backpropagates, and takes an <see cref="Sgd"/> step. Accuracy on both sets is measured before training,
/// after every epoch (max(N / BatchSize, 1) iterations) and after the last iteration.
/// </summary>
public sealed class Trainer
{
    /// <summary>Rows per mini-batch (book: 100).</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>Number of SGD steps (book: 10,000 on full MNIST).</summary>
    public int Iterations { get; init; } = 10_000;

    /// <summary>SGD learning rate (book: 0.1).</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Seed of the mini-batch sampler: the same seed and network give the same run.</summary>
    public int Seed { get; init; }

    /// <summary>If positive, the progress callback is also called every this many iterations (without accuracies).</summary>
    public int ProgressEvery { get; init; }

    /// <summary>
    /// Trains <paramref name="network"/> in place on (xTrain, tTrain), measuring accuracy on both sets, and
    /// returns the history. <paramref name="progress"/> is called at every evaluation (and every
    /// <see cref="ProgressEvery"/> iterations).
    /// </summary>
    /// <exception cref="NonFiniteLossException">The loss became NaN or ∞ (message names the iteration).</exception>
    public TrainingHistory Train(TwoLayerNet network, Matrix<double> xTrain, int[] tTrain, Matrix<double> xTest, int[] tTest,
        Action<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        RequireSet(xTrain, tTrain, "training");
        RequireSet(xTest, tTest, "test");
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfNegative(Iterations, nameof(Iterations));
        var sgd = new Sgd(LearningRate);
        var random = new Random(Seed);
        var n = xTrain.RowCount;
        var perEpoch = Math.Max(n / BatchSize, 1);
        var history = new TrainingHistory(perEpoch);
        var clock = Stopwatch.StartNew();
        var xBatch = Matrix<double>.Build.Dense(BatchSize, xTrain.ColumnCount);
        var tBatch = new int[BatchSize];
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
                var row = random.Next(n);
                xBatch.SetRow(r, xTrain.Row(row));
                tBatch[r] = tTrain[row];
            }
            IReadOnlyDictionary<string, Matrix<double>> grads;
            try
            {
                grads = network.Gradient(xBatch, tBatch);
            }
            catch (NonFiniteLossException e)
            {
                throw new NonFiniteLossException(
                    $"Trainer: the loss is not finite at iteration {i} (learning rate {LearningRate}); lower the learning rate. {e.Message}");
            }
            loss = network.LastLayer.Loss;
            history.AddLoss(loss);
            sgd.Update(network.Parameters, grads);
            if (i % perEpoch == 0 || i == Iterations) Evaluate(i);
            else if (ProgressEvery > 0 && i % ProgressEvery == 0)
                progress?.Invoke(new TrainingProgress(i, Iterations, i / perEpoch, loss, null, null, clock.Elapsed, history));
        }
        history.TrainingTime = clock.Elapsed - history.EvaluationTime;
        return history;
    }

    /// <summary>Trains on an MNIST training set and measures accuracy on a test set (see the main overload).</summary>
    public TrainingHistory Train(TwoLayerNet network, MnistSet train, MnistSet test,
        Action<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        return Train(network, train.Images, train.Labels, test.Images, test.Labels, progress, cancellationToken);
    }

    private static void RequireSet(Matrix<double> x, int[] t, string which)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(t);
        if (x.RowCount == 0) throw new ArgumentException($"Trainer: the {which} set is empty (0 rows).", nameof(x));
        if (x.RowCount != t.Length)
            throw new ShapeMismatchException($"Trainer: the {which} images are {Shape.Of(x)} but there are {t.Length} labels (one label per row).");
    }
}
