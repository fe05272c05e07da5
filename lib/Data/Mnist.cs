namespace Backprop.Data;

/// <summary>
/// Loads MNIST: the subset bundled with the course (always there, works offline) or the full dataset
/// (downloaded once, verified, cached, with the subset as fallback).
/// </summary>
public static class Mnist
{
    /// <summary>Where the bundled subset lives, relative to the repository root.</summary>
    public const string BundledFolder = "data/mnist-subset";

    /// <summary>The standard MNIST file names: training images and labels, test images and labels.</summary>
    public static IReadOnlyList<string> StandardFileNames { get; } =
        [TrainImagesFile, TrainLabelsFile, TestImagesFile, TestLabelsFile];

    internal const string TrainImagesFile = "train-images-idx3-ubyte.gz";
    internal const string TrainLabelsFile = "train-labels-idx1-ubyte.gz";
    internal const string TestImagesFile = "t10k-images-idx3-ubyte.gz";
    internal const string TestLabelsFile = "t10k-labels-idx1-ubyte.gz";

    /// <summary>
    /// Loads the bundled subset: 8,000 training and 2,000 test images (real MNIST digits).
    /// Finds <c>data/mnist-subset</c> from the course library's folder, the app's folder or the
    /// current directory, so it works from any notebook or working directory inside the repository.
    /// </summary>
    public static (MnistSet Train, MnistSet Test) LoadBundled() => LoadFolder(FindBundledDirectory());

    /// <summary>Loads the bundled subset from an explicit folder (the one holding the four .gz files).</summary>
    public static (MnistSet Train, MnistSet Test) LoadBundled(string directory) => LoadFolder(directory);

    /// <summary>
    /// Loads the four standard MNIST files (<see cref="StandardFileNames"/>) from <paramref name="directory"/>.
    /// </summary>
    public static (MnistSet Train, MnistSet Test) LoadFolder(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var full = Path.GetFullPath(directory);
        var missing = StandardFileNames.Where(name => !File.Exists(Path.Combine(full, name))).ToList();
        if (missing.Count > 0)
            throw new FileNotFoundException($"MNIST folder {full} lacks {string.Join(", ", missing)}.");
        var train = IdxReader.ReadSet(Path.Combine(full, TrainImagesFile), Path.Combine(full, TrainLabelsFile));
        var test = IdxReader.ReadSet(Path.Combine(full, TestImagesFile), Path.Combine(full, TestLabelsFile));
        return (train, test);
    }

    /// <summary>
    /// The full path of <c>data/mnist-subset</c>, found by walking up from the course library's folder,
    /// <see cref="AppContext.BaseDirectory"/> and the current directory. The error lists every folder tried.
    /// </summary>
    public static string FindBundledDirectory() => FindBundledDirectory(
    [
        Path.GetDirectoryName(typeof(Mnist).Assembly.Location),
        AppContext.BaseDirectory,
        Directory.GetCurrentDirectory(),
    ]);

    /// <summary>Walks up from each start folder in turn; tests pass their own starts.</summary>
    internal static string FindBundledDirectory(IEnumerable<string?> starts)
    {
        var tried = new List<string>();
        foreach (var start in starts.Where(s => !string.IsNullOrEmpty(s)).Distinct())
        {
            for (var dir = new DirectoryInfo(start!); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "data", "mnist-subset");
                if (tried.Contains(candidate)) break; // the rest of this walk was already covered
                tried.Add(candidate);
                if (File.Exists(Path.Combine(candidate, TrainImagesFile))) return candidate;
            }
        }
        throw new DirectoryNotFoundException(
            $"Could not find the bundled MNIST subset ({BundledFolder}/{TrainImagesFile}). Looked in:\n  " +
            string.Join("\n  ", tried) +
            "\nRun from inside the course repository, or pass the folder: Mnist.LoadBundled(\"path/to/data/mnist-subset\").");
    }

    /// <summary>
    /// Loads full MNIST (60,000 / 10,000), downloading it once into the cache folder
    /// (<c>BACKPROP_DATA_DIR</c>/mnist, or the user's local application data) and verifying every file.
    /// Never throws for network trouble: if every mirror fails, it returns the bundled subset with
    /// <see cref="MnistLoadResult.Source"/> = <see cref="MnistSource.Bundled"/> and a message saying why.
    /// </summary>
    public static MnistLoadResult LoadFull() => new MnistDownloader().Load();

    /// <summary>Asynchronous <see cref="LoadFull()"/> (use with <c>await</c> in a notebook cell).</summary>
    public static Task<MnistLoadResult> LoadFullAsync(CancellationToken cancellationToken = default) =>
        new MnistDownloader().LoadAsync(cancellationToken);
}
