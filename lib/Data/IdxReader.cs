using System.Buffers.Binary;
using System.IO.Compression;

namespace Backprop.Data;

/// <summary>
/// Reads IDX files, the format MNIST is published in (raw or gzip-compressed): a big-endian header
/// (magic number, then one 32-bit size per dimension) followed by the data bytes.
/// Every problem is reported as an <see cref="InvalidDataException"/> naming the file and what was wrong.
/// </summary>
public static class IdxReader
{
    /// <summary>Magic number of an image file: unsigned bytes (0x08), 3 dimensions.</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of a label file: unsigned bytes (0x08), 1 dimension.</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>Reads an image file (<c>*-images-idx3-ubyte</c>, optionally <c>.gz</c>).</summary>
    public static IdxImages ReadImages(string path) => ReadImages(ReadAllBytes(path), path);

    /// <summary>Reads a label file (<c>*-labels-idx1-ubyte</c>, optionally <c>.gz</c>).</summary>
    public static byte[] ReadLabels(string path) => ReadLabels(ReadAllBytes(path), path);

    /// <summary>Reads an image file from bytes (gzip is detected by its signature); <paramref name="name"/> appears in errors.</summary>
    public static IdxImages ReadImages(byte[] content, string name)
    {
        var bytes = Decompress(content, name);
        var (dimensions, header) = ReadHeader(bytes, name, ImagesMagic);
        var (count, rows, columns) = (dimensions[0], dimensions[1], dimensions[2]);
        if (rows <= 0 || columns <= 0)
            throw new InvalidDataException($"file {name}: image size {rows}×{columns} in the header is not a valid image size.");

        var expected = (long)count * rows * columns;
        RequireDataLength(bytes, header, expected, "pixel data", name);
        return new IdxImages(count, rows, columns, bytes.AsSpan(header).ToArray());
    }

    /// <summary>Reads a label file from bytes (gzip is detected by its signature); <paramref name="name"/> appears in errors.</summary>
    public static byte[] ReadLabels(byte[] content, string name)
    {
        var bytes = Decompress(content, name);
        var (dimensions, header) = ReadHeader(bytes, name, LabelsMagic);
        RequireDataLength(bytes, header, dimensions[0], "label data", name);
        return bytes.AsSpan(header).ToArray();
    }

    /// <summary>
    /// Reads a matching pair of image and label files into an <see cref="MnistSet"/>
    /// (pixels scaled to k/255), checking that both hold the same number of items.
    /// </summary>
    public static MnistSet ReadSet(string imagesPath, string labelsPath)
    {
        var images = ReadImages(imagesPath);
        var labels = ReadLabels(labelsPath);
        return MnistSet.FromIdx(images, labels, imagesPath, labelsPath);
    }

    static byte[] ReadAllBytes(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"IDX file not found: {Path.GetFullPath(path)}", path);
        return File.ReadAllBytes(path);
    }

    static byte[] Decompress(byte[] content, string name)
    {
        var isGzip = content.Length >= 2 && content[0] == 0x1f && content[1] == 0x8b;
        if (!isGzip) return content;
        try
        {
            using var gzip = new GZipStream(new MemoryStream(content), CompressionMode.Decompress);
            using var output = new MemoryStream();
            gzip.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"file {name}: the gzip data is damaged ({e.Message}).", e);
        }
    }

    static (int[] Dimensions, int HeaderLength) ReadHeader(byte[] bytes, string name, int expectedMagic)
    {
        var expectedDimensions = expectedMagic & 0xff;
        var kind = expectedMagic == ImagesMagic ? "an IDX image file" : "an IDX label file";
        if (bytes.Length < 4)
            throw new InvalidDataException($"file {name}: header is truncated: expected at least 4 bytes for the magic number, found {bytes.Length}.");

        var magic = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (magic != expectedMagic)
            throw new InvalidDataException(
                $"file {name}: magic number 0x{magic:X8} ({DescribeMagic(magic)}) is not {kind}; expected 0x{expectedMagic:X8} " +
                $"(unsigned bytes, {expectedDimensions} dimension{(expectedDimensions == 1 ? "" : "s")}).");

        var headerLength = 4 + 4 * expectedDimensions;
        if (bytes.Length < headerLength)
            throw new InvalidDataException(
                $"file {name}: header is truncated: expected {headerLength} bytes (magic number and {expectedDimensions} dimension size{(expectedDimensions == 1 ? "" : "s")}), found {bytes.Length}.");

        var dimensions = new int[expectedDimensions];
        for (var d = 0; d < expectedDimensions; d++)
        {
            dimensions[d] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * d));
            if (dimensions[d] < 0)
                throw new InvalidDataException($"file {name}: dimension {d} at offset {4 + 4 * d} is negative ({dimensions[d]}).");
        }
        return (dimensions, headerLength);
    }

    static void RequireDataLength(byte[] bytes, int headerLength, long expected, string what, string name)
    {
        long found = bytes.Length - headerLength;
        if (found != expected)
            throw new InvalidDataException($"file {name}: expected {expected} bytes of {what} after the header, found {found}.");
    }

    static string DescribeMagic(int magic)
    {
        if ((magic & unchecked((int)0xffff0000)) != 0) return "not an IDX header at all";
        var type = (magic >> 8) & 0xff;
        var typeName = type switch
        {
            0x08 => "unsigned bytes",
            0x09 => "signed bytes",
            0x0B => "16-bit integers",
            0x0C => "32-bit integers",
            0x0D => "32-bit floats",
            0x0E => "64-bit floats",
            _ => $"unknown data type 0x{type:X2}",
        };
        return $"{typeName}, {magic & 0xff} dimension{((magic & 0xff) == 1 ? "" : "s")}";
    }
}
