using Backprop.Data;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Data;

public sealed class MnistSetTests
{
    const double Tolerance = 1e-12;

    static MnistSet Sample(int count)
    {
        // Image r has pixel c equal to (r·1000 + c)/1e6, so every value says where it came from.
        var images = Matrix<double>.Build.Dense(count, 784, (r, c) => (r * 1000 + c) / 1e6);
        return new MnistSet(images, [.. Enumerable.Range(0, count).Select(r => r % 10)]);
    }

    [Fact]
    public void Take_keeps_the_first_images_and_their_labels()
    {
        var set = Sample(12);

        var first = set.Take(5);

        Assert.Equal(5, first.Count);
        Assert.Equal((5, 784), (first.Images.RowCount, first.Images.ColumnCount));
        Assert.Equal(set.Labels[..5], first.Labels);
        Assert.Equal(set.Images[4, 783], first.Images[4, 783], Tolerance);
        Assert.Equal(12, set.Take(100).Count);
    }

    [Fact]
    public void Split_puts_every_image_in_exactly_one_part_with_its_label()
    {
        var set = Sample(20);

        var (train, validation) = set.Split(validationCount: 6, seed: 3);

        Assert.Equal((14, 6), (train.Count, validation.Count));
        // Pixel 0 of image r is r/1000: it names the source row, so the two parts' rows can be counted.
        var rows = train.Images.Column(0).Concat(validation.Images.Column(0)).Select(v => (int)Math.Round(v * 1000)).Order();
        Assert.Equal(Enumerable.Range(0, 20), rows);
        foreach (var part in new[] { train, validation })
            for (var i = 0; i < part.Count; i++)
                Assert.Equal((int)Math.Round(part.Images[i, 0] * 1000) % 10, part.Labels[i]);
        Assert.Equal(validation.Images, set.Split(6, seed: 3).Validation.Images);
        Assert.NotEqual(validation.Images, set.Split(6, seed: 4).Validation.Images);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    public void Split_refuses_an_empty_part(int validationCount)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Sample(20).Split(validationCount, seed: 1));
        Assert.Contains("between 1 and 19 of the 20 images", error.Message);
    }

    [Fact]
    public void Rows_picks_images_in_the_given_order_with_repeats()
    {
        var set = Sample(12);

        var batch = set.Rows([7, 2, 7]);

        Assert.Equal([7, 2, 7], batch.Labels);
        Assert.Equal(set.Images[7, 10], batch.Images[0, 10], Tolerance);
        Assert.Equal(set.Images[2, 10], batch.Images[1, 10], Tolerance);
        Assert.Equal(set.Images[7, 10], batch.Images[2, 10], Tolerance);
    }

    [Fact]
    public void Rows_outside_the_set_are_rejected_with_the_bad_index()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Sample(12).Rows([0, 12]));

        Assert.Contains("index 12 at position 1 is outside the set (0..11)", error.Message);
    }

    [Fact]
    public void Image_unflattens_a_row_into_28_rows_of_28_pixels()
    {
        var set = Sample(3);

        var image = set.Image(2);
        var rows = set.ImageRows(2);

        Assert.Equal((28, 28), (image.RowCount, image.ColumnCount));
        Assert.Equal(set.Images[2, 1 * 28 + 5], image[1, 5], Tolerance);
        Assert.Equal(28, rows.Length);
        Assert.All(rows, row => Assert.Equal(28, row.Length));
        Assert.Equal(set.Images[2, 27 * 28 + 27], rows[27][27], Tolerance);
    }

    [Fact]
    public void One_hot_labels_have_a_single_one_in_the_label_column()
    {
        var set = Sample(12);

        var oneHot = set.OneHotLabels();

        Assert.Equal((12, 10), (oneHot.RowCount, oneHot.ColumnCount));
        for (var r = 0; r < 12; r++)
        {
            Assert.Equal(1.0, oneHot.Row(r).Sum(), Tolerance);
            Assert.Equal(1.0, oneHot[r, set.Labels[r]], Tolerance);
        }
    }

    [Fact]
    public void Label_counts_count_each_digit()
    {
        var counts = Sample(12).LabelCounts();

        Assert.Equal([2, 2, 1, 1, 1, 1, 1, 1, 1, 1], counts);
    }

    [Fact]
    public void Constructor_rejects_a_label_count_that_differs_from_the_image_count()
    {
        var error = Assert.Throws<ArgumentException>(() => new MnistSet(Matrix<double>.Build.Dense(3, 784), [1, 2]));

        Assert.Contains("3 images but 2 labels", error.Message);
    }

    [Fact]
    public void Constructor_rejects_images_that_are_not_784_pixels_wide()
    {
        var error = Assert.Throws<ArgumentException>(() => new MnistSet(Matrix<double>.Build.Dense(2, 28), [1, 2]));

        Assert.Contains("784 columns", error.Message);
        Assert.Contains("2×28", error.Message);
    }

    [Fact]
    public void Constructor_rejects_labels_outside_0_to_9()
    {
        var error = Assert.Throws<ArgumentException>(() => new MnistSet(Matrix<double>.Build.Dense(2, 784), [1, 10]));

        Assert.Contains("label 10 at index 1", error.Message);
    }
}
