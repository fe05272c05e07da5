namespace Backprop.Checks;

/// <summary>
/// One trial of a random hyperparameter search (exercise 10.3): the learning rate and weight decay it trained with, and
/// the accuracies (fractions in [0, 1]) it reached on the training data and on the validation data.
/// </summary>
public sealed record Trial(double LearningRate, double WeightDecay, double TrainAccuracy, double ValidationAccuracy);
