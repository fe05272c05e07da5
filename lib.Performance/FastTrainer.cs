using System.Diagnostics;
using Lanes = System.Numerics.Vector<double>;
using System.Runtime.InteropServices;
using Backprop.Data;
using Backprop.Errors;
using Backprop.Networks;
using Backprop.Training;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;

namespace Backprop.Performance;

/// <summary>
/// The course's <see cref="Trainer"/> loop for a <see cref="TwoLayerNet"/>, made fast: the same draws from the same seed,
/// the same batches, the same gradients and the same SGD arithmetic, so with the same matrix provider it ends with the same
/// weights bit for bit (FastTrainerTests). What it does differently, none of which changes a result:
/// <list type="bullet">
/// <item>batches are written by a <see cref="BatchSampler"/> from each image's non-zero pixels, listed once, and the batch's
/// products get those lists instead of searching the batch for its non-zeros (<see cref="KnownNonZeros"/>);</item>
/// <item>the first layer's dx = dout·W1ᵀ is not computed: its input is the data and nobody uses it (a third of an iteration's
/// multiply-adds; PyTorch likewise skips gradients of inputs that need none); dW1 and db1 are computed as Affine1 would;</item>
/// <item>the SGD step writes into the weights' storage without a temporary lr·dW matrix.</item>
/// </list>
/// Call <see cref="MatrixBackend.UseFastest"/> first for the fast products; without it MathNet's provider computes them.
/// </summary>
public sealed class FastTrainer
{
    /// <summary>Rows per mini-batch (book: 100).</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>Number of SGD steps (book: 10,000 on full MNIST).</summary>
    public int Iterations { get; init; } = 10_000;

    /// <summary>SGD learning rate (book: 0.1).</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Seed of the mini-batch sampler, as <see cref="Trainer.Seed"/>.</summary>
    public int Seed { get; init; }

    /// <summary>If positive, the progress callback is also called every this many iterations (without accuracies).</summary>
    public int ProgressEvery { get; init; }

    /// <summary>Trains as <see cref="Trainer.Train(TwoLayerNet, Matrix{double}, int[], Matrix{double}, int[], Action{TrainingProgress}?, CancellationToken)"/> does.</summary>
    public TrainingHistory Train(TwoLayerNet network, Matrix<double> xTrain, int[] tTrain, Matrix<double> xTest, int[] tTest,
        Action<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        RequireSet(xTrain, tTrain, "training");
        RequireSet(xTest, tTest, "test");
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfNegative(Iterations, nameof(Iterations));
        _ = new Sgd(LearningRate); // the same check of the learning rate
        var random = new Random(Seed);
        var n = xTrain.RowCount;
        var perEpoch = Math.Max(n / BatchSize, 1);
        var history = new TrainingHistory(perEpoch);
        var clock = Stopwatch.StartNew();
        // One batch buffer reused every iteration: the net finishes with a batch before the next is drawn.
        var xBatch = Matrix<double>.Build.Dense(BatchSize, xTrain.ColumnCount);
        var dW1 = Matrix<double>.Build.Dense(network.W1.Value.RowCount, network.W1.Value.ColumnCount);
        using var sampler = new BatchSampler(xTrain);
        var tBatch = new int[BatchSize];
        var rows = new int[BatchSize];
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
            for (var r = 0; r < BatchSize; r++)
            {
                rows[r] = random.Next(n);
                tBatch[r] = tTrain[rows[r]];
            }
            sampler.CopyRows(rows, xBatch);
            try
            {
                network.Loss(xBatch, tBatch);
            }
            catch (NonFiniteLossException e)
            {
                throw new NonFiniteLossException(
                    $"FastTrainer: the loss is not finite at iteration {i} (learning rate {LearningRate}); lower the learning rate. {e.Message}");
            }
            var dout = network.LastLayer.Backward(1.0);
            dout = network.Affine2.Backward(dout);
            dout = network.Relu1.Backward(dout);
            xBatch.TransposeThisAndMultiply(dout, dW1); // dW1 = xᵀ·dout; no dx = dout·W1ᵀ
            var db1 = dout.ColumnSums().ToRowMatrix();
            loss = network.LastLayer.Loss;
            history.AddLoss(loss);
            Step(network.W1.Value, dW1);
            Step(network.B1.Value, db1);
            Step(network.W2.Value, network.Affine2.DW!);
            Step(network.B2.Value, network.Affine2.DB!);
            if (i % perEpoch == 0 || i == Iterations) Evaluate(i);
            else if (ProgressEvery > 0 && i % ProgressEvery == 0)
                progress?.Invoke(new TrainingProgress(i, Iterations, i / perEpoch, loss, null, null, clock.Elapsed, history));
        }
        sampler.Dispose();
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

    // W ← W − lr·dW in place, element by element on the storage arrays: Sgd's lr·dW would allocate a 313 KB matrix for W1 on
    // every step. Each element gets exactly Sgd's scalar arithmetic (a product, then a difference; no fused multiply-add).
    private void Step(Matrix<double> value, Matrix<double> gradient)
    {
        if (value is not DenseMatrix { Values: var w } || gradient is not DenseMatrix { Values: var g })
        {
            value.Subtract(LearningRate * gradient, value);
            return;
        }
        var rate = LearningRate;
        var values = MemoryMarshal.Cast<double, Lanes>(w.AsSpan());
        var gradients = MemoryMarshal.Cast<double, Lanes>(g.AsSpan(0, w.Length));
        for (var k = 0; k < values.Length; k++) values[k] -= rate * gradients[k];
        for (var k = values.Length * Lanes.Count; k < w.Length; k++) w[k] -= rate * g[k];
    }

    private static void RequireSet(Matrix<double> x, int[] t, string which)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(t);
        if (x.RowCount == 0) throw new ArgumentException($"FastTrainer: the {which} set is empty (0 rows).", nameof(x));
        if (x.RowCount != t.Length)
            throw new ShapeMismatchException($"FastTrainer: the {which} images are {Shape.Of(x)} but there are {t.Length} labels (one label per row).");
    }
}
