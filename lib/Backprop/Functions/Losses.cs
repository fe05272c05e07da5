using Backprop.Errors;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Functions;

/// <summary>Loss functions: how far a batch of outputs is from the correct answers, averaged over the batch.</summary>
public static class Losses
{
    /// <summary>Added inside log(y + δ) so that a probability of exactly 0 gives a large loss instead of ∞.</summary>
    public const double CrossEntropyDelta = 1e-7;

    /// <summary>
    /// Cross-entropy error −(1/N)·Σ t·log(y + 1e-7) of probabilities <paramref name="y"/> (N×classes), with labels
    /// as indices or one-hot (same result).
    /// </summary>
    public static double CrossEntropy(Matrix<double> y, Labels t)
    {
        ArgumentNullException.ThrowIfNull(t);
        Shape.RequireRows(y, "CrossEntropy", nameof(y));
        t.RequireFits(y, "CrossEntropy");
        var sum = 0.0;
        if (t.OneHotMatrix is { } oneHot)
        {
            for (var i = 0; i < y.RowCount; i++)
                for (var j = 0; j < y.ColumnCount; j++)
                    if (oneHot.At(i, j) != 0) sum += oneHot.At(i, j) * Math.Log(y.At(i, j) + CrossEntropyDelta);
        }
        else
        {
            for (var i = 0; i < y.RowCount; i++) sum += Math.Log(y.At(i, t.Indices![i]) + CrossEntropyDelta);
        }
        return RequireFinite(-sum / y.RowCount, y, "CrossEntropy");
    }

    /// <summary>
    /// Half the mean squared error: L = (1/2N)·Σ (y − t)² over the N rows. The ½ is there so that the gradient is
    /// simply ∂L/∂y = (y − t)/N (see <see cref="HalfMeanSquaredErrorGradient"/>); the mean squared error itself is 2L.
    /// </summary>
    public static double HalfMeanSquaredError(Matrix<double> y, Matrix<double> t)
    {
        RequireSameShape(y, t, "HalfMeanSquaredError");
        var sum = 0.0;
        for (var i = 0; i < y.RowCount; i++)
            for (var j = 0; j < y.ColumnCount; j++)
            {
                var d = y.At(i, j) - t.At(i, j);
                sum += d * d;
            }
        return RequireFinite(sum / (2.0 * y.RowCount), y, "HalfMeanSquaredError");
    }

    /// <summary>∂L/∂y = (y − t)/N, the gradient of <see cref="HalfMeanSquaredError"/>.</summary>
    public static Matrix<double> HalfMeanSquaredErrorGradient(Matrix<double> y, Matrix<double> t)
    {
        RequireSameShape(y, t, "HalfMeanSquaredErrorGradient");
        return (y - t) / y.RowCount;
    }

    // A NaN loss would otherwise flow silently into every gradient; say where it came from instead.
    private static double RequireFinite(double loss, Matrix<double> y, string where)
    {
        if (double.IsFinite(loss)) return loss;
        for (var i = 0; i < y.RowCount; i++)
            for (var j = 0; j < y.ColumnCount; j++)
                if (!double.IsFinite(y.At(i, j)))
                    throw new NonFiniteLossException(
                        $"{where}: the loss is {loss} because the output in row {i}, column {j} is {y.At(i, j)} " +
                        "(often a learning rate too large made the weights blow up).");
        throw new NonFiniteLossException($"{where}: the loss is {loss}: the outputs are so large that the sum overflows, or a target is not finite.");
    }

    private static void RequireSameShape(Matrix<double> y, Matrix<double> t, string where)
    {
        Shape.RequireRows(y, where, nameof(y));
        ArgumentNullException.ThrowIfNull(t);
        if (!Shape.Same(y, t))
            throw new ShapeMismatchException($"{where}: outputs are {Shape.Of(y)} but targets are {Shape.Of(t)} (they must have the same shape).");
    }
}
