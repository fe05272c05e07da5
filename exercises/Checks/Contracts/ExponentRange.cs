namespace Backprop.Checks;

/// <summary>
/// A range of a hyperparameter on a log scale (exercise 10.3): from 10^Low to 10^High, Low ≤ High, as the book's
/// search draws <c>10 ** np.random.uniform(Low, High)</c>.
/// </summary>
public sealed record ExponentRange(double Low, double High);
