using System.Security.Cryptography;

namespace Backprop.Data;

/// <summary>
/// Downloads the four full-MNIST files from an ordered list of mirrors, verifies each against its
/// published checksums, caches it, and loads it. A file is written to a temporary name and moved into
/// the cache only once verified, so a broken download never poisons the cache. When no mirror
/// delivers a valid file, <see cref="LoadAsync"/> falls back to the bundled subset and says why.
/// Every setting can be replaced (tests use a local server, their own files and checksums).
/// </summary>
public sealed class MnistDownloader
{
    /// <summary>
    /// The mirrors tried in order: the one the book's own loader uses now (the original
    /// yann.lecun.com host answers 403), then the one TensorFlow uses.
    /// </summary>
    public static IReadOnlyList<Uri> DefaultMirrors { get; } =
    [
        new("https://ossci-datasets.s3.amazonaws.com/mnist/"),
        new("https://storage.googleapis.com/cvdf-datasets/mnist/"),
    ];

    /// <summary>
    /// The published sizes and checksums of the standard files. MD5: torchvision's MNIST class
    /// (pytorch/vision, torchvision/datasets/mnist.py, <c>resources</c>). SHA-256: the same values appear
    /// in torchvision's Ruby port (ankane/torchvision-ruby, lib/torchvision/datasets/mnist.rb) and many
    /// other loaders. Sizes: the MNIST page (yann.lecun.com/exdb/mnist).
    /// </summary>
    public static IReadOnlyList<MnistFile> StandardFiles { get; } =
    [
        new(Mnist.TrainImagesFile, 9_912_422, "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609", "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
        new(Mnist.TrainLabelsFile, 28_881, "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c", "d53e105ee54ea40749a09fcbcd1e9432"),
        new(Mnist.TestImagesFile, 1_648_877, "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6", "9fb629c4189551a2d022fa330f9573f3"),
        new(Mnist.TestLabelsFile, 4_542, "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6", "ec29112dd5afa0611ce80d1b7f02629c"),
    ];

    /// <summary>Environment variable naming the course's data folder; the cache is its <c>mnist</c> subfolder.</summary>
    public const string DataDirectoryVariable = "BACKPROP_DATA_DIR";

    // Behind a firewall that drops packets, a connection attempt would otherwise hang for the whole request timeout.
    static readonly Lazy<HttpClient> SharedClient = new(() =>
        new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(15) }) { Timeout = System.Threading.Timeout.InfiniteTimeSpan });

    /// <summary>The client used for requests; null uses a shared client (the per-request <see cref="Timeout"/> applies either way).</summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>Base addresses tried in order for each file; each should end with '/'.</summary>
    public IReadOnlyList<Uri> Mirrors { get; init; } = DefaultMirrors;

    /// <summary>The files to fetch and their checksums; must name the four <see cref="Mnist.StandardFileNames"/>.</summary>
    public IReadOnlyList<MnistFile> Files { get; init; } = StandardFiles;

    /// <summary>Where verified files are kept between runs.</summary>
    public string CacheDirectory { get; init; } = DefaultCacheDirectory();

    /// <summary>Longest time one request (headers and body) may take before the next mirror is tried.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The folder of the bundled subset used as fallback; null finds it with <see cref="Mnist.FindBundledDirectory()"/>.</summary>
    public string? BundledDirectory { get; init; }

    /// <summary>Receives one line per step (cache hit, download, failure), e.g. <c>Console.WriteLine</c>.</summary>
    public Action<string>? Log { get; init; }

    /// <summary><c>$BACKPROP_DATA_DIR/mnist</c> when that variable is set, else <c>&lt;local application data&gt;/backprop-course/mnist</c>.</summary>
    public static string DefaultCacheDirectory()
    {
        var overridden = Environment.GetEnvironmentVariable(DataDirectoryVariable);
        if (!string.IsNullOrWhiteSpace(overridden)) return Path.Combine(Path.GetFullPath(overridden), "mnist");
        var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(local)) local = Path.Combine(Path.GetTempPath(), "backprop-course-data");
        return Path.Combine(local, "backprop-course", "mnist");
    }

    /// <summary>Synchronous <see cref="LoadAsync"/>.</summary>
    public MnistLoadResult Load() => LoadAsync().GetAwaiter().GetResult();

    /// <summary>
    /// Makes sure every file is in the cache and verified (downloading what is missing), then loads it;
    /// falls back to the bundled subset, with a message naming each failure, when that is impossible.
    /// </summary>
    public async Task<MnistLoadResult> LoadAsync(CancellationToken cancellationToken = default)
    {
        var failures = new List<string>();
        var cache = Path.GetFullPath(CacheDirectory);
        if (await EnsureFilesAsync(cache, failures, cancellationToken))
        {
            try
            {
                var (train, test) = Mnist.LoadFolder(cache);
                var message = $"Full MNIST: {train.Count} training and {test.Count} test images (verified files in {cache}).";
                Log?.Invoke(message);
                return new MnistLoadResult(train, test, MnistSource.Full, message, failures);
            }
            catch (InvalidDataException e)
            {
                failures.Add($"verified files in {cache} could not be read: {e.Message}");
            }
        }

        var (bundledTrain, bundledTest) = BundledDirectory is null ? Mnist.LoadBundled() : Mnist.LoadBundled(BundledDirectory);
        var fallback =
            $"Full MNIST is not available, so the bundled subset is used instead ({bundledTrain.Count} training / {bundledTest.Count} test images). " +
            $"What went wrong:\n  {string.Join("\n  ", failures)}\n" +
            $"To use full MNIST offline, place the four files ({string.Join(", ", Mnist.StandardFileNames)}) in {cache}.";
        Log?.Invoke(fallback);
        return new MnistLoadResult(bundledTrain, bundledTest, MnistSource.Bundled, fallback, failures);
    }

    async Task<bool> EnsureFilesAsync(string cache, List<string> failures, CancellationToken cancellationToken)
    {
        var table = Files.ToDictionary(f => f.Name);
        var unknown = Mnist.StandardFileNames.Where(n => !table.ContainsKey(n)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"The checksum table lacks {string.Join(", ", unknown)}.", nameof(Files));
        if (Mirrors.Count == 0) throw new ArgumentException("At least one mirror is needed.", nameof(Mirrors));

        try
        {
            Directory.CreateDirectory(cache);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            failures.Add($"cannot create the cache folder {cache}: {e.Message}");
            return false;
        }

        foreach (var name in Mnist.StandardFileNames)
        {
            var file = table[name];
            var target = Path.Combine(cache, name);
            if (File.Exists(target))
            {
                var problem = await VerifyAsync(target, file, cancellationToken);
                if (problem is null)
                {
                    Log?.Invoke($"{name}: verified copy in the cache.");
                    continue;
                }
                Log?.Invoke($"{name}: cached copy rejected ({problem}); downloading again.");
                File.Delete(target);
            }
            // Offline, every further file would fail the same way; stop at the first one no mirror could deliver.
            if (!await DownloadAsync(file, target, failures, cancellationToken)) return false;
        }
        return true;
    }

    async Task<bool> DownloadAsync(MnistFile file, string target, List<string> failures, CancellationToken cancellationToken)
    {
        var http = HttpClient ?? SharedClient.Value;
        foreach (var mirror in Mirrors)
        {
            var url = new Uri(mirror, file.Name);
            var temp = $"{target}.{Guid.NewGuid():N}.part";
            try
            {
                Log?.Invoke($"{file.Name}: downloading {url} …");
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(Timeout);
                using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if (!response.IsSuccessStatusCode)
                {
                    Fail($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
                    continue;
                }
                var tooLong = await SaveAsync(response, temp, file.Bytes, timeout.Token);
                var problem = tooLong ?? await VerifyAsync(temp, file, timeout.Token);
                if (problem is not null)
                {
                    Fail(problem);
                    continue;
                }
                File.Move(temp, target, overwrite: true);
                Log?.Invoke($"{file.Name}: verified and cached.");
                return true;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Fail($"timed out: no complete answer within {Timeout.TotalSeconds:0.###} s");
            }
            catch (HttpRequestException e)
            {
                var inner = e.InnerException?.Message;
                Fail(inner is null || e.Message.Contains(inner) ? e.Message : $"{e.Message} ({inner})");
            }
            catch (IOException e)
            {
                Fail($"the transfer broke off: {e.Message}");
            }
            finally
            {
                TryDelete(temp);
            }

            void Fail(string reason)
            {
                var line = $"{file.Name} from {url}: {reason}";
                failures.Add(line);
                Log?.Invoke(line);
            }
        }
        return false;
    }

    /// <summary>Streams the body to <paramref name="path"/>; returns a problem if it exceeds the expected size.</summary>
    static async Task<string?> SaveAsync(HttpResponseMessage response, string path, long? expectedBytes, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using var output = File.Create(path);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            // A wrong URL can serve an endless or huge page; stop as soon as it cannot be the file.
            if (expectedBytes is { } limit && total > limit)
                return $"the server sent more than the expected {limit} bytes";
            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        return null;
    }

    /// <summary>Null when the file has the expected size and checksums, else what differs.</summary>
    static async Task<string?> VerifyAsync(string path, MnistFile file, CancellationToken cancellationToken)
    {
        var length = new FileInfo(path).Length;
        if (file.Bytes is { } expected && length != expected)
            return length < expected
                ? $"truncated: expected {expected} bytes, received {length}"
                : $"wrong size: expected {expected} bytes, received {length}";

        await using var stream = File.OpenRead(path);
        var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        if (!string.Equals(sha256, file.Sha256, StringComparison.OrdinalIgnoreCase))
            return $"SHA-256 mismatch: expected {file.Sha256.ToLowerInvariant()}, got {sha256} (corrupt or not the MNIST file)";
        if (file.Md5 is not null)
        {
            stream.Position = 0;
            var md5 = Convert.ToHexStringLower(await MD5.HashDataAsync(stream, cancellationToken));
            if (!string.Equals(md5, file.Md5, StringComparison.OrdinalIgnoreCase))
                return $"MD5 mismatch: expected {file.Md5.ToLowerInvariant()}, got {md5} (corrupt or not the MNIST file)";
        }
        return null;
    }

    static void TryDelete(string path)
    {
        try
        {
            if (File.Exists(path)) File.Delete(path);
        }
        catch (IOException)
        {
            // A leftover .part file is harmless: it is never read and the next download uses a new name.
        }
    }
}
