using Backprop.Errors;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Functions;

/// <summary>
/// The correct answers of a batch, given either as class indices (<c>int[]</c>, one per row) or as a
/// one-hot matrix (N×classes). Both convert implicitly, so <c>loss.Forward(scores, new[] { 2, 0 })</c>
/// and <c>loss.Forward(scores, oneHot)</c> read the same, and they give identical loss and gradient.
/// </summary>
public sealed class Labels
{
    private Labels(int[]? indices, Matrix<double>? oneHot)
    {
        Indices = indices;
        OneHotMatrix = oneHot;
    }

    /// <summary>The class index of each row, or null when the labels are one-hot.</summary>
    public int[]? Indices { get; }

    /// <summary>The one-hot matrix (N×classes), or null when the labels are indices.</summary>
    public Matrix<double>? OneHotMatrix { get; }

    /// <summary>True when the labels were given as a one-hot matrix.</summary>
    public bool IsOneHot => OneHotMatrix is not null;

    /// <summary>Number of labels (rows of the batch).</summary>
    public int Count => Indices?.Length ?? OneHotMatrix!.RowCount;

    /// <summary>Labels as class indices.</summary>
    public static implicit operator Labels(int[] indices) =>
        new(indices ?? throw new ArgumentNullException(nameof(indices)), null);

    /// <summary>Labels as a one-hot matrix, one row per sample.</summary>
    public static implicit operator Labels(Matrix<double> oneHot) =>
        new(null, oneHot ?? throw new ArgumentNullException(nameof(oneHot)));

    /// <summary>The class of row <paramref name="row"/> (for one-hot rows: the column holding the largest value).</summary>
    public int ClassOf(int row) => Indices is not null ? Indices[row] : ArgMax(OneHotMatrix!, row);

    /// <summary>The class of every row as an index array.</summary>
    public int[] ToIndices() => Indices is not null ? (int[])Indices.Clone() : [.. Enumerable.Range(0, Count).Select(ClassOf)];

    /// <summary>A one-hot matrix: row i has a 1 in column <c>labels[i]</c> and 0 elsewhere.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A label is outside 0..classes−1 (the message names it and its row).</exception>
    public static Matrix<double> OneHot(int[] labels, int classes)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        var m = Matrix<double>.Build.Dense(labels.Length, classes);
        for (var i = 0; i < labels.Length; i++)
        {
            RequireInRange(labels[i], i, classes, "Labels.OneHot");
            m[i, labels[i]] = 1.0;
        }
        return m;
    }

    /// <summary>Index of the largest value in a row (the first one on ties), as NumPy's argmax.</summary>
    internal static int ArgMax(Matrix<double> m, int row)
    {
        var best = 0;
        for (var j = 1; j < m.ColumnCount; j++)
            if (m.At(row, j) > m.At(row, best)) best = j;
        return best;
    }

    /// <summary>Checks that these labels fit a batch of scores (same rows; indices in range or one-hot of the same shape).</summary>
    internal void RequireFits(Matrix<double> scores, string where)
    {
        if (OneHotMatrix is { } t)
        {
            if (!Shape.Same(t, scores))
                throw new ShapeMismatchException(
                    $"{where}: scores are {Shape.Of(scores)} but one-hot labels are {Shape.Of(t)} (they must have the same shape).");
            return;
        }
        if (Indices!.Length != scores.RowCount)
            throw new ShapeMismatchException(
                $"{where}: scores are {Shape.Of(scores)} but {Indices.Length} labels were given (one label per row).");
        for (var i = 0; i < Indices.Length; i++)
            RequireInRange(Indices[i], i, scores.ColumnCount, where);
    }

    private static void RequireInRange(int label, int row, int classes, string where)
    {
        if (label < 0 || label >= classes)
            throw new ArgumentOutOfRangeException("labels", label,
                $"{where}: label {label} in row {row} is outside 0..{classes - 1} ({classes} classes).");
    }
}
