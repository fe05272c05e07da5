using System.Diagnostics;
using System.Globalization;
using Backprop.Data;
using Backprop.Networks;
using Backprop.Optimizers;
using Backprop.Performance;
using Backprop.Training;

namespace Backprop.Benchmarks;

/// <summary>
/// `convnet`: lesson 11's training (the book's SimpleConvNet, batch 100 drawn with replacement, Adam lr 0.001, seeds 42) on
/// the bundled subset, in one session, on
/// <list type="bullet">
/// <item>the readable path: the <see cref="Trainer"/> with <see cref="SimpleConvNet"/> and <see cref="Adam"/>, MathNet's
/// own provider (nothing opted in) and then the course's products (<see cref="MatrixBackend.UseFastest"/>);</item>
/// <item>the opted-in path: the Trainer with <see cref="FastSimpleConvNet"/> and <see cref="FastAdam"/> on every backend
/// the machine has;</item>
/// <item>benchmarks/numpy_convnet.py, the book's loop in numpy (it refuses the reference BLAS).</item>
/// </list>
/// Throughput counts training iterations only; accuracy is measured before and after training, timed apart (one
/// evaluation's seconds are printed: the Trainer does one per epoch by default).
/// </summary>
public static class Convnet
{
    /// <summary>Arguments: [iterations=1000] [runs=1] [python=/usr/bin/python3] [--no-mathnet]. Returns a process exit code.</summary>
    public static int Run(string[] args)
    {
        var skipMathNet = args.Contains("--no-mathnet");
        args = [.. args.Where(a => a != "--no-mathnet")];
        var iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
        var python = args.Length > 2 ? args[2] : "/usr/bin/python3";
        Console.WriteLine($"Load average before: {Lesson6.LoadAverage()}   cores: {Environment.ProcessorCount}   lib optimised: {Lesson6.IsOptimised()}");
        var fastest = MatrixBackend.UseFastest();
        Console.WriteLine($"MatrixBackend.UseFastest(): {MatrixBackend.Describe()}");
        MatrixBackend.UseMathNet();
        var results = new List<(string Name, double Ms, double Accuracy)>();

        void Measure(string name, MatrixBackendKind backend, bool fast)
        {
            MatrixBackend.Use(backend);
            Train(3, fast, BenchmarkData.Train.Take(300), BenchmarkData.Test.Take(100)); // warm-up: JIT, thread pool, BLAS threads
            var samples = new List<(double Ms, double Accuracy, double EvaluationSeconds)>();
            for (var r = 0; r < runs; r++) samples.Add(Train(iterations, fast, BenchmarkData.Train, BenchmarkData.Test));
            results.Add((name, Compare.Median(samples.Select(s => s.Ms)), samples[0].Accuracy));
            Console.WriteLine($"  {name}: runs {string.Join(", ", samples.Select(s => s.Ms.ToString("0.00", CultureInfo.InvariantCulture)))} ms/iteration, " +
                $"test accuracy {samples[0].Accuracy:0.0000}, one evaluation (8,000 + 2,000 images) {samples[0].EvaluationSeconds / 2:0.0} s");
        }

        if (!skipMathNet) Measure("C# readable: Trainer + SimpleConvNet + Adam, MathNet's provider (nothing opted in)", MatrixBackendKind.MathNet, fast: false);
        Measure($"C# readable + UseFastest() products ({fastest})", fastest, fast: false);
        foreach (var backend in Compare.AvailableBackends().Where(b => b != MatrixBackendKind.MathNet).OrderBy(b => b != fastest))
            Measure($"C# opted in: FastSimpleConvNet + FastAdam + {backend} products{(backend == fastest ? " (UseFastest)" : "")}", backend, fast: true);
        MatrixBackend.UseMathNet();

        var numpy = new List<(double Ms, double Accuracy)>();
        for (var r = 0; r < runs; r++)
        {
            var run = RunNumpy(python, iterations);
            if (run is null) break;
            numpy.Add(run.Value);
        }

        Console.WriteLine();
        Console.WriteLine($"{iterations} iterations, batch 100, Adam lr 0.001, medians of {runs} run(s); load average after: {Lesson6.LoadAverage()}");
        Console.WriteLine($"{"path",-92} {"ms/iter",8} {"samples/s",10} {"test acc",8}");
        foreach (var (name, ms, accuracy) in results)
            Console.WriteLine($"{name,-92} {ms,8:0.00} {100_000 / ms,10:0} {accuracy,8:0.0000}");
        if (numpy.Count == 0) return 1;
        var numpyMs = Compare.Median(numpy.Select(s => s.Ms));
        Console.WriteLine($"{"numpy, the book's loop (benchmarks/numpy_convnet.py)",-92} {numpyMs,8:0.00} {100_000 / numpyMs,10:0} {numpy[0].Accuracy,8:0.0000}");
        Console.WriteLine();
        foreach (var (name, ms, _) in results) Console.WriteLine($"  {name}: {numpyMs / ms:0.00}× numpy's samples/s");
        return 0;
    }

    private static (double Ms, double Accuracy, double EvaluationSeconds) Train(int iterations, bool fast, MnistSet train, MnistSet test)
    {
        var net = new SimpleConvNet(seed: 42);
        var trainer = new Trainer { Iterations = iterations, BatchSize = 100, Seed = 42, EvaluateEvery = iterations };
        var history = fast
            ? trainer.Train(new FastSimpleConvNet(net), new FastAdam(0.001), train, test)
            : trainer.Train(net, new Adam(0.001), train, test);
        return (history.TrainingTime.TotalMilliseconds / iterations, history.FinalTestAccuracy, history.EvaluationTime.TotalSeconds);
    }

    private static (double Ms, double Accuracy)? RunNumpy(string python, int iterations)
    {
        if (NumpyScript.Run(python, "numpy_convnet.py", iterations.ToString(CultureInfo.InvariantCulture)) is not { } run) return null;
        var (exitCode, values, error) = run;
        if (values.TryGetValue("blas", out var blas)) Console.WriteLine($"  numpy {values.GetValueOrDefault("numpy")} runs on BLAS: {blas}");
        if (exitCode != 0)
        {
            Console.WriteLine($"numpy_convnet.py failed (exit {exitCode}): {error}  (Debian: apt-get install python3-numpy libopenblas0-pthread)");
            return null;
        }
        var ms = double.Parse(values["ms_per_iteration"], CultureInfo.InvariantCulture);
        var accuracy = double.Parse(values["test_accuracy"], CultureInfo.InvariantCulture);
        Console.WriteLine($"  numpy, the book's loop: {ms:0.00} ms/iteration, test accuracy {accuracy:0.0000}");
        return (ms, accuracy);
    }
}
