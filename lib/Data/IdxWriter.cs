using System.Buffers.Binary;
using System.IO.Compression;

namespace Backprop.Data;

/// <summary>
/// Writes IDX files (unsigned bytes) that <see cref="IdxReader"/> and every other MNIST loader can read.
/// A path ending in <c>.gz</c> is gzip-compressed; the gzip header carries no timestamp, so the
/// same data always gives the same bytes.
/// </summary>
public static class IdxWriter
{
    /// <summary>Encodes images as IDX bytes: magic 0x00000803, count, rows, columns, then the pixels.</summary>
    public static byte[] EncodeImages(IdxImages images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var expected = (long)images.Count * images.Rows * images.Columns;
        if (images.Pixels.LongLength != expected)
            throw new ArgumentException(
                $"{images.Count} images of {images.Rows}×{images.Columns} need {expected} pixel bytes, got {images.Pixels.LongLength}.", nameof(images));
        return Encode(IdxReader.ImagesMagic, [images.Count, images.Rows, images.Columns], images.Pixels);
    }

    /// <summary>Encodes labels as IDX bytes: magic 0x00000801, count, then one byte per label.</summary>
    public static byte[] EncodeLabels(byte[] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return Encode(IdxReader.LabelsMagic, [labels.Length], labels);
    }

    /// <summary>Writes an image file; gzip-compressed when <paramref name="path"/> ends in <c>.gz</c>.</summary>
    public static void WriteImages(string path, IdxImages images) => WriteFile(path, EncodeImages(images));

    /// <summary>Writes a label file; gzip-compressed when <paramref name="path"/> ends in <c>.gz</c>.</summary>
    public static void WriteLabels(string path, byte[] labels) => WriteFile(path, EncodeLabels(labels));

    /// <summary>Gzip-compresses bytes at the smallest size, with a zero timestamp (reproducible output).</summary>
    public static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        // .NET writes a gzip header without a modification time, which keeps regenerated files byte-identical.
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
            gzip.Write(content);
        return output.ToArray();
    }

    static byte[] Encode(int magic, int[] dimensions, byte[] data)
    {
        var header = 4 + 4 * dimensions.Length;
        var bytes = new byte[header + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (var d = 0; d < dimensions.Length; d++)
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), dimensions[d]);
        data.CopyTo(bytes, header);
        return bytes;
    }

    static void WriteFile(string path, byte[] idx)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        File.WriteAllBytes(path, path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? Gzip(idx) : idx);
    }
}
