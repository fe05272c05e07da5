using System.Security.Cryptography;
using Backprop.Data;

namespace Backprop.Tests.Data;

public sealed class BundledSubsetTests
{
    static readonly Lazy<(MnistSet Train, MnistSet Test)> Bundled = new(Mnist.LoadBundled);

    [Fact]
    public void Bundled_subset_has_8000_training_and_2000_test_images_of_784_pixels()
    {
        var (train, test) = Bundled.Value;

        Assert.Equal((8000, 784), (train.Images.RowCount, train.Images.ColumnCount));
        Assert.Equal(8000, train.Labels.Length);
        Assert.Equal((2000, 784), (test.Images.RowCount, test.Images.ColumnCount));
        Assert.Equal(2000, test.Labels.Length);
    }

    [Fact]
    public void Every_digit_appears_in_both_splits_in_a_plausible_share()
    {
        var (train, test) = Bundled.Value;

        foreach (var set in new[] { train, test })
        {
            var counts = set.LabelCounts();
            Assert.Equal(set.Count, counts.Sum());
            // MNIST's rarest digit (5) is about 9% and its commonest (1) about 11%; a broken split would show here.
            Assert.All(counts, c => Assert.InRange(c / (double)set.Count, 0.07, 0.13));
        }
    }

    [Fact]
    public void Pixels_are_bytes_scaled_to_k_over_255_covering_0_to_1()
    {
        var (train, test) = Bundled.Value;

        foreach (var set in new[] { train, test })
        {
            Assert.Equal(0.0, set.Images.Enumerate().Min(), 1e-15);
            Assert.Equal(1.0, set.Images.Enumerate().Max(), 1e-15);
            Assert.All(set.Images.Row(0).Enumerate(), v => Assert.Equal(Math.Round(v * 255), v * 255, 1e-9));
        }
    }

    [Fact]
    public void Training_and_test_images_do_not_overlap()
    {
        var folder = Mnist.FindBundledDirectory();
        static IEnumerable<string> Hashes(IdxImages images) => Enumerable.Range(0, images.Count)
            .Select(i => Convert.ToHexString(SHA256.HashData(images.Pixels.AsSpan(i * 784, 784))));

        var train = Hashes(IdxReader.ReadImages(Path.Combine(folder, "train-images-idx3-ubyte.gz"))).ToHashSet();
        var test = Hashes(IdxReader.ReadImages(Path.Combine(folder, "t10k-images-idx3-ubyte.gz"))).ToList();

        Assert.Equal(8000, train.Count); // also: no digit appears twice within the training set
        Assert.DoesNotContain(test, train.Contains);
    }

    [Fact]
    public void Bundled_files_match_their_SHA256SUMS()
    {
        var folder = Mnist.FindBundledDirectory();
        var lines = File.ReadAllLines(Path.Combine(folder, "SHA256SUMS")).Where(l => l.Length > 0).ToList();

        Assert.Equal(Mnist.StandardFileNames.Order(), lines.Select(l => l[66..]).Order());
        foreach (var line in lines)
        {
            var (expected, name) = (line[..64], line[66..]);
            Assert.Equal(expected, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, name)))));
        }
    }

    [Fact]
    public void Subset_is_found_from_any_folder_inside_the_repository()
    {
        var repository = RepositoryRoot.Path;
        var expected = Path.Combine(repository, "data", "mnist-subset");

        var fromNotebooks = Mnist.FindBundledDirectory([Path.Combine(repository, "notebooks", "deeper", "still")]);
        var fromTests = Mnist.FindBundledDirectory([null, Path.Combine(repository, "lib.Tests", "bin")]);

        Assert.Equal(expected, Mnist.FindBundledDirectory());
        Assert.Equal(expected, fromNotebooks);
        Assert.Equal(expected, fromTests);
    }

    [Fact]
    public void Subset_not_found_lists_every_folder_looked_in_and_the_way_out()
    {
        var outside = SyntheticMnist.NewTempFolder();
        try
        {
            var error = Assert.Throws<DirectoryNotFoundException>(() => Mnist.FindBundledDirectory([outside]));

            Assert.Contains(Path.Combine(outside, "data", "mnist-subset"), error.Message);
            Assert.Contains(Path.Combine(Path.GetDirectoryName(outside)!, "data", "mnist-subset"), error.Message);
            Assert.Contains("Mnist.LoadBundled(\"path/to/data/mnist-subset\")", error.Message);
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public void Explicit_folder_without_the_files_names_the_folder_and_what_is_missing()
    {
        var empty = SyntheticMnist.NewTempFolder();
        try
        {
            var error = Assert.Throws<FileNotFoundException>(() => Mnist.LoadBundled(empty));

            Assert.Contains(empty, error.Message);
            Assert.Contains("train-images-idx3-ubyte.gz", error.Message);
            Assert.Contains("t10k-labels-idx1-ubyte.gz", error.Message);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }
}
