namespace Backprop.Checks;

/// <summary>A typical wrong answer, recomputed, and the words that name it: a result equal to it gets this hint.</summary>
internal sealed record Mistake<T>(string Hint, T WrongAnswer);
