namespace Backprop.Training;

/// <summary>
/// A snapshot passed to the progress callback, e.g. to redraw a live chart from <see cref="History"/>.
/// </summary>
/// <param name="Iteration">Iterations completed so far.</param>
/// <param name="Iterations">Iterations planned in total.</param>
/// <param name="Epoch">Epochs completed so far (Iteration / IterationsPerEpoch).</param>
/// <param name="Loss">The latest mini-batch loss (NaN before the first iteration).</param>
/// <param name="TrainAccuracy">Train accuracy if this call follows an evaluation, else null.</param>
/// <param name="TestAccuracy">Test accuracy if this call follows an evaluation, else null.</param>
/// <param name="Elapsed">Time since training started.</param>
/// <param name="History">Everything recorded so far (the same object Train returns).</param>
public sealed record TrainingProgress(
    int Iteration, int Iterations, int Epoch, double Loss,
    double? TrainAccuracy, double? TestAccuracy, TimeSpan Elapsed, TrainingHistory History)
{
    /// <summary>True when accuracies were just measured (start, epoch end, or the last iteration).</summary>
    public bool IsEvaluation => TestAccuracy is not null;
}
