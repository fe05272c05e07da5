namespace Backprop.Training;

/// <summary>
/// What a training run recorded: the mini-batch loss of every iteration, and train/test accuracy at each
/// evaluation (before training, at the end of every epoch, and after the last iteration).
/// </summary>
public sealed class TrainingHistory
{
    private readonly List<double> _losses = [];
    private readonly List<int> _evaluatedAt = [];
    private readonly List<double> _train = [];
    private readonly List<double> _test = [];

    internal TrainingHistory(int iterationsPerEpoch) => IterationsPerEpoch = iterationsPerEpoch;

    /// <summary>Iterations in one epoch: max(training samples / batch size, 1).</summary>
    public int IterationsPerEpoch { get; }

    /// <summary>Time spent in training iterations (drawing batches, backpropagation, SGD steps), evaluations excluded.</summary>
    public TimeSpan TrainingTime { get; internal set; }

    /// <summary>Time spent measuring accuracy on both sets (kept apart so throughput compares like with like).</summary>
    public TimeSpan EvaluationTime { get; internal set; }

    /// <summary>Mini-batch loss of each iteration (index = iteration).</summary>
    public IReadOnlyList<double> Losses => _losses;

    /// <summary>Number of completed iterations at each evaluation (0 = before training).</summary>
    public IReadOnlyList<int> EvaluatedAtIteration => _evaluatedAt;

    /// <summary>Accuracy on the training set at each evaluation.</summary>
    public IReadOnlyList<double> TrainAccuracy => _train;

    /// <summary>Accuracy on the test set at each evaluation.</summary>
    public IReadOnlyList<double> TestAccuracy => _test;

    /// <summary>Test accuracy at the last evaluation (after the last iteration).</summary>
    public double FinalTestAccuracy => _test.Count > 0 ? _test[^1] : double.NaN;

    /// <summary>Train accuracy at the last evaluation.</summary>
    public double FinalTrainAccuracy => _train.Count > 0 ? _train[^1] : double.NaN;

    internal void AddLoss(double loss) => _losses.Add(loss);

    internal void AddEvaluation(int iteration, double train, double test)
    {
        _evaluatedAt.Add(iteration);
        _train.Add(train);
        _test.Add(test);
    }
}
