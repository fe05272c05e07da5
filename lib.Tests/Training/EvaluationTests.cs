using Backprop.Training;

namespace Backprop.Tests.Training;

public class EvaluationTests
{
    private static readonly int[] Actual = [0, 1, 2, 2, 1, 0];
    private static readonly int[] Predicted = [0, 2, 2, 2, 1, 1];

    [Fact]
    public void Accuracy_is_the_fraction_of_matching_labels()
    {
        Assert.Equal(4.0 / 6.0, Evaluation.Accuracy(Predicted, Actual), 1e-15);
    }

    [Fact]
    public void Confusion_matrix_counts_actual_rows_against_predicted_columns()
    {
        var m = Evaluation.ConfusionMatrix(Predicted, Actual, 3);
        Assert.Equal(1, m[0, 0]);
        Assert.Equal(1, m[0, 1]);
        Assert.Equal(1, m[1, 1]);
        Assert.Equal(1, m[1, 2]);
        Assert.Equal(2, m[2, 2]);
        Assert.Equal(6, m.Cast<int>().Sum());
    }

    [Fact]
    public void Misclassified_lists_the_indices_where_prediction_and_label_differ()
    {
        Assert.Equal([1, 5], Evaluation.Misclassified(Predicted, Actual));
    }

    [Fact]
    public void Arrays_of_different_lengths_are_rejected_with_both_lengths()
    {
        var ex = Assert.Throws<ArgumentException>(() => Evaluation.Accuracy([0, 1], [0, 1, 2]));
        Assert.Contains("2 predictions", ex.Message);
        Assert.Contains("3 true labels", ex.Message);
    }

    [Fact]
    public void A_label_outside_the_classes_in_the_confusion_matrix_names_its_row()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Evaluation.ConfusionMatrix([0, 3], [0, 1], 3));
        Assert.Contains("row 1", ex.Message);
        Assert.Contains("3 classes", ex.Message);
    }

    [Fact]
    public void Accuracy_of_no_labels_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => Evaluation.Accuracy([], []));
    }
}
