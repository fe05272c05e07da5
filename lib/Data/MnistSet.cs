using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Data;

/// <summary>
/// A set of 28×28 handwritten digits: one image per row of <see cref="Images"/> (784 pixels, scaled to
/// k/255 so 0 is background and 1 is full ink) and its digit in <see cref="Labels"/>.
/// Shapes follow the book: (samples, features).
/// </summary>
public sealed class MnistSet
{
    /// <summary>Pixel rows and columns of one image.</summary>
    public const int ImageSide = 28;

    /// <summary>Pixels per image (28·28 = 784), the number of columns of <see cref="Images"/>.</summary>
    public const int PixelsPerImage = ImageSide * ImageSide;

    /// <summary>Number of classes (digits 0–9).</summary>
    public const int Classes = 10;

    /// <summary>Creates a set, checking that there is one label (0–9) per 784-pixel image row.</summary>
    public MnistSet(Matrix<double> images, int[] labels)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        if (images.ColumnCount != PixelsPerImage)
            throw new ArgumentException($"images must have {PixelsPerImage} columns (28×28 pixels), got {images.RowCount}×{images.ColumnCount}.", nameof(images));
        if (images.RowCount != labels.Length)
            throw new ArgumentException($"{images.RowCount} images but {labels.Length} labels; every image needs exactly one label.", nameof(labels));
        var bad = Array.FindIndex(labels, l => l is < 0 or >= Classes);
        if (bad >= 0)
            throw new ArgumentException($"label {labels[bad]} at index {bad} is not a digit 0–9.", nameof(labels));
        Images = images;
        Labels = labels;
    }

    /// <summary>N×784 matrix, one image per row, pixel values k/255 in [0, 1].</summary>
    public Matrix<double> Images { get; }

    /// <summary>The digit (0–9) shown by each image row.</summary>
    public int[] Labels { get; }

    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>The first <paramref name="count"/> images (all of them if there are fewer), as a new set.</summary>
    public MnistSet Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count); // MathNet has no empty matrices
        count = Math.Min(count, Count);
        return new MnistSet(Images.SubMatrix(0, count, 0, PixelsPerImage), Labels[..count]);
    }

    /// <summary>The images at <paramref name="indices"/>, in that order (repeats allowed), as a new set — e.g. a mini-batch.</summary>
    public MnistSet Rows(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (indices.Count == 0) throw new ArgumentException("at least one index is needed (MathNet has no empty matrices).", nameof(indices));
        for (var i = 0; i < indices.Count; i++)
            if (indices[i] < 0 || indices[i] >= Count)
                throw new ArgumentOutOfRangeException(nameof(indices), $"index {indices[i]} at position {i} is outside the set (0..{Count - 1}).");
        var images = Matrix<double>.Build.Dense(indices.Count, PixelsPerImage);
        // Column-major storage on both sides (element (r, c) at r + c·rows): copied array to array, column by column,
        // instead of 784 indexer calls per image — a training loop draws a batch at every step.
        if (Images.AsColumnMajorArray() is { } source && images.AsColumnMajorArray() is { } target)
        {
            var (n, count) = (Count, indices.Count);
            for (var c = 0; c < PixelsPerImage; c++)
            {
                var (from, to) = (c * n, c * count);
                for (var r = 0; r < count; r++) target[to + r] = source[from + indices[r]];
            }
        }
        else
        {
            for (var r = 0; r < indices.Count; r++)
                for (var c = 0; c < PixelsPerImage; c++) images[r, c] = Images[indices[r], c];
        }
        return new MnistSet(images, [.. indices.Select(i => Labels[i])]);
    }

    /// <summary>
    /// Splits the set in two at random, as the book's section 6.5 does before choosing hyperparameters: a
    /// <c>Validation</c> set of <paramref name="validationCount"/> images to choose values on, and a <c>Train</c> set
    /// of all the others to train on. Every image lands in exactly one of them; the same seed gives the same split.
    /// </summary>
    public (MnistSet Train, MnistSet Validation) Split(int validationCount, int seed)
    {
        if (validationCount < 1 || validationCount >= Count)
            throw new ArgumentOutOfRangeException(nameof(validationCount),
                $"a validation set needs between 1 and {Count - 1} of the {Count} images (both parts must be non-empty); {validationCount} was asked for.");
        var order = Enumerable.Range(0, Count).ToArray();
        new Random(seed).Shuffle(order);
        return (Rows(order[validationCount..]), Rows(order[..validationCount]));
    }

    /// <summary>Image <paramref name="index"/> as a 28×28 matrix (row 0 is the top of the digit).</summary>
    public Matrix<double> Image(int index)
    {
        CheckIndex(index);
        return Matrix<double>.Build.Dense(ImageSide, ImageSide, (r, c) => Images[index, r * ImageSide + c]);
    }

    /// <summary>Image <paramref name="index"/> as 28 rows of 28 values, top row first — the shape heatmap charts take.</summary>
    public double[][] ImageRows(int index)
    {
        CheckIndex(index);
        return [.. Enumerable.Range(0, ImageSide)
            .Select(r => Enumerable.Range(0, ImageSide).Select(c => Images[index, r * ImageSide + c]).ToArray())];
    }

    /// <summary>The labels as an N×10 one-hot matrix (1 in the label's column, 0 elsewhere).</summary>
    public Matrix<double> OneHotLabels() =>
        Matrix<double>.Build.Dense(Count, Classes, (r, c) => Labels[r] == c ? 1.0 : 0.0);

    /// <summary>How many images show each digit: element d counts the label d.</summary>
    public int[] LabelCounts()
    {
        var counts = new int[Classes];
        foreach (var label in Labels) counts[label]++;
        return counts;
    }

    /// <inheritdoc/>
    public override string ToString() => $"MnistSet: {Count} images of 28×28, labels per digit [{string.Join(", ", LabelCounts())}]";

    /// <summary>Builds a set from IDX content, checking image size and that images and labels pair up.</summary>
    internal static MnistSet FromIdx(IdxImages images, byte[] labels, string imagesName, string labelsName)
    {
        if (images.Rows != ImageSide || images.Columns != ImageSide)
            throw new InvalidDataException($"file {imagesName}: images are {images.Rows}×{images.Columns}, expected 28×28.");
        if (images.Count != labels.Length)
            throw new InvalidDataException(
                $"file {imagesName} holds {images.Count} images but file {labelsName} holds {labels.Length} labels; they must pair up one to one.");
        var bad = Array.FindIndex(labels, l => l >= Classes);
        if (bad >= 0)
            throw new InvalidDataException($"file {labelsName}: label {labels[bad]} at offset {8 + bad} is not a digit 0–9.");

        // MathNet stores dense matrices column by column; filling that array directly is ~10× faster than a per-cell callback.
        var (pixels, count) = (images.Pixels, images.Count);
        var columnMajor = new double[pixels.Length];
        for (var r = 0; r < count; r++)
            for (var c = 0; c < PixelsPerImage; c++)
                columnMajor[c * count + r] = pixels[r * PixelsPerImage + c] / 255.0;
        var matrix = Matrix<double>.Build.Dense(count, PixelsPerImage, columnMajor);
        return new MnistSet(matrix, [.. labels.Select(l => (int)l)]);
    }

    void CheckIndex(int index)
    {
        if (index < 0 || index >= Count)
            throw new ArgumentOutOfRangeException(nameof(index), $"image index {index} is outside the set (0..{Count - 1}).");
    }
}
