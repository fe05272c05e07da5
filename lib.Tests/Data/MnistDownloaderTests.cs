using System.Security.Cryptography;
using Backprop.Data;

namespace Backprop.Tests.Data;

public sealed class MnistDownloaderTests : IDisposable
{
    readonly Dictionary<string, byte[]> files = SyntheticMnist.StandardFiles();
    readonly LocalMirror server;
    readonly string cache = SyntheticMnist.NewTempFolder();

    public MnistDownloaderTests() => server = new LocalMirror(files);

    public void Dispose()
    {
        server.Dispose();
        Directory.Delete(cache, recursive: true);
    }

    MnistDownloader Downloader(params Uri[] mirrors) => new()
    {
        Mirrors = mirrors,
        Files = SyntheticMnist.ChecksumTable(files),
        CacheDirectory = cache,
        Timeout = TimeSpan.FromSeconds(10),
    };

    void AssertCacheHoldsExactlyTheVerifiedFiles()
    {
        Assert.Equal(files.Keys.Order(), Directory.GetFiles(cache).Select(Path.GetFileName).Order());
        foreach (var (name, content) in files)
            Assert.Equal(SHA256.HashData(content), SHA256.HashData(File.ReadAllBytes(Path.Combine(cache, name))));
    }

    [Fact]
    public async Task Good_mirror_file_is_verified_cached_and_loaded()
    {
        var result = await Downloader(server.Mirror("good", LocalMirror.Behaviour.Good)).LoadAsync(TestContext.Current.CancellationToken);

        Assert.Equal(MnistSource.Full, result.Source);
        Assert.Empty(result.Failures);
        Assert.Equal((6, 4), (result.Train.Count, result.Test.Count));
        Assert.Equal(SyntheticMnist.Labels(6, 2).Select(l => (int)l), result.Train.Labels);
        Assert.Equal(SyntheticMnist.Images(4, 3).Pixels[785] / 255.0, result.Test.Images[1, 1], 1e-12);
        AssertCacheHoldsExactlyTheVerifiedFiles();
    }

    [Fact]
    public async Task Corrupt_file_on_the_first_mirror_is_rejected_and_the_second_mirror_used()
    {
        var corrupt = server.Mirror("corrupt", LocalMirror.Behaviour.Corrupt);

        var result = await Downloader(corrupt, server.Mirror("good", LocalMirror.Behaviour.Good)).LoadAsync(TestContext.Current.CancellationToken);

        Assert.Equal(MnistSource.Full, result.Source);
        Assert.Equal(4, result.Failures.Count);
        Assert.All(result.Failures, f => Assert.Contains($"from {corrupt}", f));
        Assert.All(result.Failures, f => Assert.Contains("SHA-256 mismatch", f));
        Assert.Equal(1, server.RequestsFor("good", "train-images-idx3-ubyte.gz"));
        AssertCacheHoldsExactlyTheVerifiedFiles();
    }

    [Fact]
    public async Task Truncated_file_on_the_first_mirror_is_named_as_truncated_and_the_second_mirror_used()
    {
        var truncated = server.Mirror("half", LocalMirror.Behaviour.Truncated);

        var result = await Downloader(truncated, server.Mirror("good", LocalMirror.Behaviour.Good)).LoadAsync(TestContext.Current.CancellationToken);

        Assert.Equal(MnistSource.Full, result.Source);
        var size = files["train-images-idx3-ubyte.gz"].Length;
        Assert.Contains($"train-images-idx3-ubyte.gz from {truncated}train-images-idx3-ubyte.gz: truncated: expected {size} bytes, received {size / 2}", result.Failures);
        AssertCacheHoldsExactlyTheVerifiedFiles();
    }

    [Fact]
    public async Task When_every_mirror_fails_it_falls_back_to_the_bundled_subset_naming_each_failure()
    {
        var corrupt = server.Mirror("corrupt", LocalMirror.Behaviour.Corrupt);
        var truncated = server.Mirror("half", LocalMirror.Behaviour.Truncated);
        var missing = server.Mirror("missing", LocalMirror.Behaviour.NotFound);
        var unreachable = LocalMirror.Unreachable();

        var result = await Downloader(corrupt, truncated, missing, unreachable).LoadAsync(TestContext.Current.CancellationToken);

        Assert.Equal(MnistSource.Bundled, result.Source);
        Assert.Equal((8000, 2000), (result.Train.Count, result.Test.Count));
        Assert.Equal(4, result.Failures.Count);
        Assert.Contains("SHA-256 mismatch", result.Failures[0]);
        Assert.Contains("truncated", result.Failures[1]);
        Assert.Contains("HTTP 404", result.Failures[2]);
        Assert.Contains(unreachable.ToString(), result.Failures[3]);
        Assert.All(result.Failures, f => Assert.Contains(f, result.Message));
        Assert.Contains("bundled subset", result.Message);
        Assert.Contains(cache, result.Message);
        Assert.Empty(Directory.GetFiles(cache)); // nothing unverified was kept
    }

    [Fact]
    public async Task Verified_cached_files_are_not_downloaded_again()
    {
        var good = server.Mirror("good", LocalMirror.Behaviour.Good);
        await Downloader(good).LoadAsync(TestContext.Current.CancellationToken);
        var requestsAfterFirstLoad = server.TotalRequests;

        var second = await Downloader(good).LoadAsync(TestContext.Current.CancellationToken);

        Assert.Equal(4, requestsAfterFirstLoad);
        Assert.Equal(requestsAfterFirstLoad, server.TotalRequests);
        Assert.Equal(MnistSource.Full, second.Source);
    }

    [Fact]
    public async Task Cached_file_that_fails_verification_is_downloaded_again()
    {
        var good = server.Mirror("good", LocalMirror.Behaviour.Good);
        await Downloader(good).LoadAsync(TestContext.Current.CancellationToken);
        File.WriteAllBytes(Path.Combine(cache, "t10k-labels-idx1-ubyte.gz"), [1, 2, 3]);

        var result = await Downloader(good).LoadAsync(TestContext.Current.CancellationToken);

        Assert.Equal(MnistSource.Full, result.Source);
        Assert.Equal(2, server.RequestsFor("good", "t10k-labels-idx1-ubyte.gz"));
        Assert.Equal(1, server.RequestsFor("good", "train-images-idx3-ubyte.gz"));
        AssertCacheHoldsExactlyTheVerifiedFiles();
    }

    [Fact]
    public async Task Mirror_that_never_answers_is_abandoned_after_the_request_timeout()
    {
        var silent = server.Mirror("silent", LocalMirror.Behaviour.Hang);
        var downloader = new MnistDownloader
        {
            Mirrors = [silent, server.Mirror("good", LocalMirror.Behaviour.Good)],
            Files = SyntheticMnist.ChecksumTable(files),
            CacheDirectory = cache,
            Timeout = TimeSpan.FromMilliseconds(400),
        };

        var result = await downloader.LoadAsync(TestContext.Current.CancellationToken);

        Assert.Equal(MnistSource.Full, result.Source);
        Assert.Equal(4, result.Failures.Count);
        Assert.All(result.Failures, f => Assert.Contains("timed out", f));
    }

    [Fact]
    public async Task Checksum_table_without_one_of_the_four_files_is_refused()
    {
        var downloader = new MnistDownloader
        {
            Mirrors = [server.Mirror("good", LocalMirror.Behaviour.Good)],
            Files = [.. SyntheticMnist.ChecksumTable(files).Where(f => f.Name != "train-labels-idx1-ubyte.gz")],
            CacheDirectory = cache,
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => downloader.LoadAsync(TestContext.Current.CancellationToken));

        Assert.Contains("lacks train-labels-idx1-ubyte.gz", error.Message);
    }

    [Fact]
    public void Cache_folder_follows_BACKPROP_DATA_DIR()
    {
        var before = Environment.GetEnvironmentVariable("BACKPROP_DATA_DIR");
        try
        {
            Environment.SetEnvironmentVariable("BACKPROP_DATA_DIR", cache);
            Assert.Equal(Path.Combine(cache, "mnist"), MnistDownloader.DefaultCacheDirectory());

            Environment.SetEnvironmentVariable("BACKPROP_DATA_DIR", null);
            Assert.EndsWith(Path.Combine("backprop-course", "mnist"), MnistDownloader.DefaultCacheDirectory());
        }
        finally
        {
            Environment.SetEnvironmentVariable("BACKPROP_DATA_DIR", before);
        }
    }
}
