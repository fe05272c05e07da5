using System.Diagnostics;
using System.Globalization;
using Backprop.Networks;
using Backprop.Performance;
using Backprop.Training;

namespace Backprop.Benchmarks;

/// <summary>
/// `compare`: trains with the library's <see cref="Trainer"/> on every available backend and runs
/// benchmarks/numpy_train.py on the same data with the same loop, in the same session, several times each;
/// prints medians of training throughput (evaluation excluded on both sides) and the C#/numpy ratio.
/// </summary>
public static class Compare
{
    /// <summary>Backends this machine can run: native only when a system BLAS was found.</summary>
    public static IEnumerable<MatrixBackendKind> AvailableBackends() =>
        Enum.GetValues<MatrixBackendKind>().Where(k => k != MatrixBackendKind.Native || MatrixBackend.IsNativeAvailable);

    /// <summary>Arguments: [iterations=2000] [runs=3] [python=/usr/bin/python3]. Returns a process exit code.</summary>
    public static int Run(string[] args)
    {
        var iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var python = args.Length > 2 ? args[2] : "/usr/bin/python3";
        var automatic = MatrixBackend.Kind;
        Console.WriteLine($"Load average before: {LoadAverage()}   cores: {Environment.ProcessorCount}");
        Console.WriteLine($"Automatic selection: {MatrixBackend.Describe()}");
        if (!MatrixBackend.IsNativeAvailable) Console.WriteLine($"Native backend unavailable: {MatrixBackend.NativeUnavailableReason}");
        var results = new List<(string Name, double MsPerIteration, double Accuracy)>();

        foreach (var backend in AvailableBackends())
        {
            MatrixBackend.Use(backend);
            Train(Math.Min(iterations, 200)); // warm-up: JIT tiering, thread pool, BLAS threads
            var samples = new List<(double Ms, double Accuracy)>();
            for (var r = 0; r < runs; r++) samples.Add(Train(iterations));
            var median = Median(samples.Select(s => s.Ms));
            results.Add(($"C# {backend} — {MatrixBackend.Active}", median, samples[0].Accuracy));
            Console.WriteLine($"  C# {backend,-8} runs: {string.Join(", ", samples.Select(s => s.Ms.ToString("0.000", CultureInfo.InvariantCulture)))} ms/iteration");
        }
        MatrixBackend.Use(automatic);

        // The book's loop, and the same loop with the library's one shortcut (no dx for the first layer), alternating.
        var numpy = new List<(double Ms, double Accuracy)>();
        var numpySkipping = new List<(double Ms, double Accuracy)>();
        for (var r = 0; r < runs; r++)
        {
            var run = RunNumpy(python, iterations, skipInputGradient: false);
            var skipping = run is null ? null : RunNumpy(python, iterations, skipInputGradient: true);
            if (run is null || skipping is null) break;
            numpy.Add(run.Value);
            numpySkipping.Add(skipping.Value);
        }
        if (numpy.Count > 0)
        {
            Console.WriteLine($"  numpy    runs: {string.Join(", ", numpy.Select(s => s.Ms.ToString("0.000", CultureInfo.InvariantCulture)))} ms/iteration");
            Console.WriteLine($"  numpy, no first-layer dx, runs: {string.Join(", ", numpySkipping.Select(s => s.Ms.ToString("0.000", CultureInfo.InvariantCulture)))} ms/iteration");
            results.Add(("numpy, first layer's dx skipped (numpy_train.py --skip-input-gradient)", Median(numpySkipping.Select(s => s.Ms)), numpySkipping[0].Accuracy));
            results.Add(("numpy, the book's loop (benchmarks/numpy_train.py)", Median(numpy.Select(s => s.Ms)), numpy[0].Accuracy));
        }

        Console.WriteLine();
        Console.WriteLine($"{iterations} iterations, batch 100, medians of {runs} runs; load average after: {LoadAverage()}");
        Console.WriteLine($"{"path",-80} {"ms/iter",8} {"samples/s",10} {"test acc",8}");
        foreach (var (name, ms, accuracy) in results)
            Console.WriteLine($"{name,-80} {ms,8:0.000} {100_000 / ms,10:0} {accuracy,8:0.0000}");
        if (numpy.Count > 0)
        {
            var numpyMs = results[^1].MsPerIteration;
            var skippingMs = results[^2].MsPerIteration;
            var automaticMs = results.First(r => r.Name.StartsWith($"C# {automatic} ", StringComparison.Ordinal)).MsPerIteration;
            Console.WriteLine();
            Console.WriteLine($"C# samples/s ({automatic}, the automatic choice): {100_000 / automaticMs:0}");
            Console.WriteLine($"numpy samples/s: {100_000 / numpyMs:0} (the book's loop), {100_000 / skippingMs:0} (first layer's dx skipped)");
            Console.WriteLine($"ratio C#/numpy: {numpyMs / automaticMs:0.00}  (against numpy skipping dx as well: {skippingMs / automaticMs:0.00})");
            foreach (var (name, ms, _) in results.SkipLast(2))
                Console.WriteLine($"  {name.Split(" — ")[0]}: {numpyMs / ms:0.00}× numpy, {skippingMs / ms:0.00}× numpy skipping dx");
        }
        return 0;
    }

    private static (double Ms, double Accuracy) Train(int iterations)
    {
        var net = BenchmarkData.Network();
        var trainer = new Trainer { Iterations = iterations, BatchSize = 100, LearningRate = 0.1, Seed = 42 };
        var history = trainer.Train(net, BenchmarkData.Train, BenchmarkData.Test);
        return (history.TrainingTime.TotalMilliseconds / iterations, history.FinalTestAccuracy);
    }

    private static (double Ms, double Accuracy)? RunNumpy(string python, int iterations, bool skipInputGradient)
    {
        var script = Path.Combine(FindBenchmarksFolder(), "numpy_train.py");
        string[] arguments = skipInputGradient
            ? [script, "--skip-input-gradient", iterations.ToString(CultureInfo.InvariantCulture)]
            : [script, iterations.ToString(CultureInfo.InvariantCulture)];
        var start = new ProcessStartInfo(python, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                Console.WriteLine($"numpy script failed (exit {process.ExitCode}): {error.Trim()}  (Debian: apt-get install python3-numpy)");
                return null;
            }
            var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split(' ', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1].Trim());
            return (double.Parse(values["ms_per_iteration"], CultureInfo.InvariantCulture),
                double.Parse(values["test_accuracy"], CultureInfo.InvariantCulture));
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Console.WriteLine($"Could not start {python}: {e.Message}");
            return null;
        }
    }

    private static string FindBenchmarksFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "benchmarks", "numpy_train.py"))) return Path.Combine(dir.FullName, "benchmarks");
        throw new FileNotFoundException($"benchmarks/numpy_train.py not found above {AppContext.BaseDirectory}.");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
