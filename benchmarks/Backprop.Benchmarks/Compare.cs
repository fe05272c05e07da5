using System.Diagnostics;
using System.Globalization;
using Backprop.Networks;
using Backprop.Optimizers;
using Backprop.Performance;
using Backprop.Training;

namespace Backprop.Benchmarks;

/// <summary>
/// `compare`: trains the book's network in the same session, several times each, on
/// <list type="bullet">
/// <item>the default path: the course's <see cref="Trainer"/> with MathNet's own provider (what a lesson gets without opting in);</item>
/// <item>the Trainer with the course's products (<see cref="MatrixBackend.UseFastest"/>; what lesson 6 opts into);</item>
/// <item>the opted-in path: the Trainer driving lib.Performance's <see cref="BatchSampler"/>, <see cref="FastTwoLayerNet"/> and <see cref="FastSgd"/> with the course's products, on every backend the machine has;</item>
/// <item>benchmarks/numpy_train.py on the same data with the same loop (the book's, and without the first layer's dx).</item>
/// </list>
/// Prints medians of training throughput (evaluation excluded on both sides) and the ratios to numpy.
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
        Console.WriteLine($"Load average before: {LoadAverage()}   cores: {Environment.ProcessorCount}");
        var fastest = MatrixBackend.UseFastest();
        Console.WriteLine($"MatrixBackend.UseFastest(): {MatrixBackend.Describe()}");
        MatrixBackend.UseMathNet();
        if (!MatrixBackend.IsNativeAvailable) Console.WriteLine($"Native backend unavailable: {MatrixBackend.NativeUnavailableReason}");
        var results = new List<(string Name, double MsPerIteration, double Accuracy)>();

        void Measure(string name, MatrixBackendKind backend, bool fast)
        {
            MatrixBackend.Use(backend);
            Train(Math.Min(iterations, 200), fast); // warm-up: JIT tiering, thread pool, BLAS threads
            var samples = new List<(double Ms, double Accuracy)>();
            for (var r = 0; r < runs; r++) samples.Add(Train(iterations, fast));
            results.Add((name, Median(samples.Select(s => s.Ms)), samples[0].Accuracy));
            Console.WriteLine($"  {name}: runs {string.Join(", ", samples.Select(s => s.Ms.ToString("0.000", CultureInfo.InvariantCulture)))} ms/iteration");
        }

        Measure("C# default: Trainer, MathNet's provider (nothing opted in)", MatrixBackendKind.MathNet, fast: false);
        Measure($"C# Trainer + UseFastest() products ({fastest})", fastest, fast: false);
        foreach (var backend in AvailableBackends().Where(b => b != MatrixBackendKind.MathNet).OrderBy(b => b != fastest))
            Measure($"C# opted in: Trainer + fast pieces + {backend} products{(backend == fastest ? " (UseFastest)" : "")}", backend, fast: true);
        MatrixBackend.UseMathNet();

        // The book's loop, and the same loop without the first layer's dx (as FastTwoLayerNet), alternating.
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
            Console.WriteLine($"  numpy, the book's loop: runs {string.Join(", ", numpy.Select(s => s.Ms.ToString("0.000", CultureInfo.InvariantCulture)))} ms/iteration");
            Console.WriteLine($"  numpy, no first-layer dx: runs {string.Join(", ", numpySkipping.Select(s => s.Ms.ToString("0.000", CultureInfo.InvariantCulture)))} ms/iteration");
            results.Add(("numpy, first layer's dx skipped (numpy_train.py --skip-input-gradient)", Median(numpySkipping.Select(s => s.Ms)), numpySkipping[0].Accuracy));
            results.Add(("numpy, the book's loop (benchmarks/numpy_train.py)", Median(numpy.Select(s => s.Ms)), numpy[0].Accuracy));
        }

        Console.WriteLine();
        Console.WriteLine($"{iterations} iterations, batch 100, medians of {runs} runs; load average after: {LoadAverage()}");
        Console.WriteLine($"{"path",-72} {"ms/iter",8} {"samples/s",10} {"test acc",8}");
        foreach (var (name, ms, accuracy) in results)
            Console.WriteLine($"{name,-72} {ms,8:0.000} {100_000 / ms,10:0} {accuracy,8:0.0000}");
        if (numpy.Count > 0)
        {
            var numpyMs = results[^1].MsPerIteration;
            var skippingMs = results[^2].MsPerIteration;
            Console.WriteLine();
            Console.WriteLine($"numpy samples/s: {100_000 / numpyMs:0} (the book's loop), {100_000 / skippingMs:0} (first layer's dx skipped)");
            foreach (var (name, ms, _) in results.SkipLast(2))
                Console.WriteLine($"  {name}: {numpyMs / ms:0.00}× numpy's samples/s ({skippingMs / ms:0.00}× numpy skipping dx)");
        }
        return 0;
    }

    private static (double Ms, double Accuracy) Train(int iterations, bool fast)
    {
        var net = BenchmarkData.Network();
        var history = fast
            ? new Trainer { Iterations = iterations, BatchSize = 100, Seed = 42, Sampler = x => new BatchSampler(x) }
                .Train(new FastTwoLayerNet(net), new FastSgd(0.1), BenchmarkData.Train, BenchmarkData.Test)
            : new Trainer { Iterations = iterations, BatchSize = 100, Seed = 42 }.Train(net, new Sgd(0.1), BenchmarkData.Train, BenchmarkData.Test);
        return (history.TrainingTime.TotalMilliseconds / iterations, history.FinalTestAccuracy);
    }

    private static (double Ms, double Accuracy)? RunNumpy(string python, int iterations, bool skipInputGradient)
    {
        var count = iterations.ToString(CultureInfo.InvariantCulture);
        string[] arguments = skipInputGradient ? ["--skip-input-gradient", count] : [count];
        if (NumpyScript.Run(python, "numpy_train.py", arguments) is not { } run) return null;
        var (exitCode, values, error) = run;
        if (exitCode != 0)
        {
            Console.WriteLine($"numpy script failed (exit {exitCode}): {error}  (Debian: apt-get install python3-numpy)");
            return null;
        }
        return (double.Parse(values["ms_per_iteration"], CultureInfo.InvariantCulture),
            double.Parse(values["test_accuracy"], CultureInfo.InvariantCulture));
    }

    internal static string FindBenchmarksFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "benchmarks", "numpy_train.py"))) return Path.Combine(dir.FullName, "benchmarks");
        throw new FileNotFoundException($"benchmarks/numpy_train.py not found above {AppContext.BaseDirectory}.");
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
