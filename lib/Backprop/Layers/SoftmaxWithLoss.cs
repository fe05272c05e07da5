using Backprop.Errors;
using Backprop.Functions;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Layers;

/// <summary>
/// The output layer for classification: softmax turns scores into probabilities Y, cross-entropy compares
/// them with the labels. Together their gradient is simply (Y − T)/N — the reason they are one layer.
/// Not an <see cref="ILayer"/>: its forward needs the labels and returns a number.
/// </summary>
public sealed class SoftmaxWithLoss(string name = "SoftmaxWithLoss")
{
    /// <summary>A name used in error messages.</summary>
    public string Name { get; } = name;

    /// <summary>The probabilities of the last Forward (N×classes, rows sum to 1), or null before the first.</summary>
    public Matrix<double>? Y { get; private set; }

    /// <summary>The labels of the last Forward, or null before the first.</summary>
    public Labels? T { get; private set; }

    /// <summary>The loss of the last Forward.</summary>
    public double Loss { get; private set; }

    /// <summary>Row-wise softmax of <paramref name="scores"/>, then the mean cross-entropy against <paramref name="labels"/>.</summary>
    /// <exception cref="ShapeMismatchException">Labels do not fit the scores (count or one-hot shape).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A label index is outside 0..classes−1.</exception>
    /// <exception cref="NonFiniteLossException">A score is NaN or ±∞.</exception>
    public double Forward(Matrix<double> scores, Labels labels)
    {
        var where = LayerGuard.Where(this, Name, "Forward");
        Shape.RequireRows(scores, where, nameof(scores));
        ArgumentNullException.ThrowIfNull(labels);
        labels.RequireFits(scores, where);
        RequireFinite(scores, where);
        Y = Activations.Softmax(scores);
        T = labels;
        Loss = Losses.CrossEntropy(Y, labels);
        return Loss;
    }

    /// <summary>dx = dout·(Y − T)/N, a new matrix. The /N matches the loss being a mean over the batch.</summary>
    public Matrix<double> Backward(double dout = 1.0)
    {
        if (Y is null || T is null)
            throw new InvalidOperationException(
                $"{LayerGuard.Where(this, Name, "Backward")} was called before Forward: there are no probabilities or labels yet.");
        var n = Y.RowCount;
        Matrix<double> dx;
        if (T.OneHotMatrix is { } oneHot)
        {
            dx = Y - oneHot;
        }
        else
        {
            dx = Y.Clone();
            for (var i = 0; i < n; i++) dx.At(i, T.Indices![i], dx.At(i, T.Indices[i]) - 1.0);
        }
        dx.Multiply(dout / n, dx);
        return dx;
    }

    private static void RequireFinite(Matrix<double> scores, string where)
    {
        // The common case, all finite, is one quick pass over the storage; only a bad score needs the walk by row
        // that finds the first one to name.
        if (scores.AsColumnMajorArray() is { } values && Array.TrueForAll(values, double.IsFinite)) return;
        for (var i = 0; i < scores.RowCount; i++)
            for (var j = 0; j < scores.ColumnCount; j++)
                if (!double.IsFinite(scores.At(i, j)))
                    throw new NonFiniteLossException(
                        $"{where}: score in row {i}, column {j} is {scores.At(i, j)}, so the loss is not a number. " +
                        "It came from the layers before (often a learning rate too large made the weights blow up).");
    }
}
