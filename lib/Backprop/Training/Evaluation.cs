namespace Backprop.Training;

/// <summary>Comparing predicted labels with the true ones: accuracy, confusion matrix, the misclassified samples.</summary>
public static class Evaluation
{
    /// <summary>The fraction of positions where predicted equals actual.</summary>
    public static double Accuracy(int[] predicted, int[] actual)
    {
        RequireSameLength(predicted, actual);
        if (actual.Length == 0) throw new ArgumentException("Evaluation.Accuracy: there are no labels.", nameof(actual));
        var correct = 0;
        for (var i = 0; i < actual.Length; i++) if (predicted[i] == actual[i]) correct++;
        return (double)correct / actual.Length;
    }

    /// <summary>counts[actual, predicted]: row = true class, column = predicted class (the diagonal is correct).</summary>
    public static int[,] ConfusionMatrix(int[] predicted, int[] actual, int classes)
    {
        RequireSameLength(predicted, actual);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        var counts = new int[classes, classes];
        for (var i = 0; i < actual.Length; i++)
        {
            if ((uint)actual[i] >= classes || (uint)predicted[i] >= classes)
                throw new ArgumentOutOfRangeException(nameof(actual),
                    $"Evaluation.ConfusionMatrix: row {i} has actual {actual[i]} and predicted {predicted[i]}, outside 0..{classes - 1} ({classes} classes).");
            counts[actual[i], predicted[i]]++;
        }
        return counts;
    }

    /// <summary>The indices where predicted differs from actual, in order (e.g. to show misclassified digits).</summary>
    public static int[] Misclassified(int[] predicted, int[] actual)
    {
        RequireSameLength(predicted, actual);
        return [.. Enumerable.Range(0, actual.Length).Where(i => predicted[i] != actual[i])];
    }

    private static void RequireSameLength(int[] predicted, int[] actual)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(actual);
        if (predicted.Length != actual.Length)
            throw new ArgumentException($"Evaluation: {predicted.Length} predictions but {actual.Length} true labels.", nameof(predicted));
    }
}
