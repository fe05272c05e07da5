using System.Diagnostics;
using System.Globalization;
using Backprop.Networks;
using Backprop.Performance;
using Backprop.Training;

namespace Backprop.Benchmarks;

/// <summary>
/// `lesson6`: the expensive cells of notebooks/06-training.ipynb, timed without the notebook engine: the gradient check
/// on 3 samples (784-50-10, seed 42) and 2,000 training iterations (seed 7) with per-epoch evaluation.
/// Build the benchmarks in Debug (<c>-c Debug</c>) to see what the notebook sees, since it loads lib/bin/Debug.
/// </summary>
public static class Lesson6
{
    /// <summary>Arguments: [repeats=1] [mathnet|fastest, default mathnet: what the lesson gets without opting in]. Returns a process exit code.</summary>
    public static int Run(string[] args)
    {
        var repeats = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1;
        if (args.Length > 1 && args[1] == "fastest") MatrixBackend.UseFastest();
        Console.WriteLine($"{MatrixBackend.Describe()}; lib optimised: {IsOptimised()}; load average {LoadAverage()}");
        for (var r = 0; r < repeats; r++)
        {
            var net = new TwoLayerNet(784, 50, 10, weightInitStd: 0.01, seed: 42);
            var x3 = BenchmarkData.Train.Images.SubMatrix(0, 3, 0, 784);
            int[] t3 = BenchmarkData.Train.Labels[..3];
            var clock = Stopwatch.StartNew();
            var report = net.CheckGradient(x3, t3);
            var check = clock.Elapsed;
            Console.WriteLine($"gradient check: {check.TotalSeconds:0.000} s  " +
                string.Join(", ", report.Entries.Select(e => $"{e.Name} {e.MeanAbsoluteDifference:E2}")));
            var trainer = new Trainer { BatchSize = 100, Iterations = 2000, Seed = 7 };
            clock.Restart();
            var history = trainer.Train(net, new Backprop.Optimizers.Sgd(0.1), BenchmarkData.Train, BenchmarkData.Test);
            Console.WriteLine($"training: {clock.Elapsed.TotalSeconds:0.000} s (iterations {history.TrainingTime.TotalSeconds:0.000} s = " +
                $"{history.TrainingTime.TotalMilliseconds / 2000:0.000} ms/iteration, {history.EvaluatedAtIteration.Count} evaluations " +
                $"{history.EvaluationTime.TotalSeconds:0.000} s); final loss {history.Losses[^1]:0.000000}, train {history.FinalTrainAccuracy:0.0000}, test {history.FinalTestAccuracy:0.0000}");
        }
        return 0;
    }

    internal static bool IsOptimised() =>
        typeof(TwoLayerNet).Assembly.GetCustomAttributes(typeof(DebuggableAttribute), false) is not [DebuggableAttribute { IsJITOptimizerDisabled: true }];

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
