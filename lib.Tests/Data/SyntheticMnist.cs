using System.Security.Cryptography;
using Backprop.Data;

namespace Backprop.Tests.Data;

/// <summary>Small MNIST-shaped IDX files (28×28 images, labels 0–9) built from a seed, and a temp folder for them.</summary>
internal static class SyntheticMnist
{
    public static IdxImages Images(int count, int seed)
    {
        var rng = new Random(seed);
        var pixels = new byte[count * 784];
        rng.NextBytes(pixels);
        return new IdxImages(count, 28, 28, pixels);
    }

    public static byte[] Labels(int count, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => (byte)rng.Next(10))];
    }

    /// <summary>The four standard files, gzip-compressed, keyed by file name: 6 training and 4 test digits.</summary>
    public static Dictionary<string, byte[]> StandardFiles() => new()
    {
        ["train-images-idx3-ubyte.gz"] = IdxWriter.Gzip(IdxWriter.EncodeImages(Images(6, 1))),
        ["train-labels-idx1-ubyte.gz"] = IdxWriter.Gzip(IdxWriter.EncodeLabels(Labels(6, 2))),
        ["t10k-images-idx3-ubyte.gz"] = IdxWriter.Gzip(IdxWriter.EncodeImages(Images(4, 3))),
        ["t10k-labels-idx1-ubyte.gz"] = IdxWriter.Gzip(IdxWriter.EncodeLabels(Labels(4, 4))),
    };

    /// <summary>The checksum table the downloader verifies against, computed from the files.</summary>
    public static IReadOnlyList<MnistFile> ChecksumTable(Dictionary<string, byte[]> files) =>
        [.. files.Select(f => new MnistFile(f.Key, f.Value.Length,
            Convert.ToHexStringLower(SHA256.HashData(f.Value)), Convert.ToHexStringLower(MD5.HashData(f.Value))))];

    public static string NewTempFolder()
    {
        var path = Path.Combine(Path.GetTempPath(), "backprop-data-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
