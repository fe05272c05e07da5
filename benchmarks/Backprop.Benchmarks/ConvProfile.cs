using System.Globalization;
using Backprop.Networks;
using Backprop.Optimizers;
using Backprop.Performance;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Benchmarks;

/// <summary>
/// `convprofile`: where one SimpleConvNet training iteration's time goes (lesson 11's loop: batch 100, Adam), layer by
/// layer, as thread CPU milliseconds per iteration. Build in Debug to see what the notebook sees.
/// </summary>
public static class ConvProfile
{
    /// <summary>Arguments: [iterations=20] [mathnet|fastest, default mathnet]. Returns a process exit code.</summary>
    public static int Run(string[] args)
    {
        if (args.Length > 0 && args[0] == "hash") return Hash();
        if (args.Length > 0 && args[0] == "patches") return PatchesAlone();
        var iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        if (args.Length > 1 && args[1] == "fastest") MatrixBackend.UseFastest();
        Console.WriteLine($"{MatrixBackend.Describe()}; lib optimised: {Lesson6.IsOptimised()}; load average {File.ReadAllText("/proc/loadavg").Trim()}");
        var net = new SimpleConvNet(seed: 42);
        var adam = new Adam(0.001);
        var random = new Random(42);
        var rows = new int[100];
        var t = new int[100];
        var x = Matrix<double>.Build.Dense(100, 784);
        var steps = new Dictionary<string, TimeSpan>();
        T Time<T>(string name, Func<T> step)
        {
            var started = Profile.ThreadCpuTime();
            var result = step();
            steps[name] = steps.GetValueOrDefault(name) + (Profile.ThreadCpuTime() - started);
            return result;
        }
        var gcPause = TimeSpan.Zero;
        int gen0 = 0, gen2 = 0;
        var wall = System.Diagnostics.Stopwatch.StartNew();
        for (var pass = 0; pass < 2; pass++)
        {
            steps.Clear();
            (gcPause, gen0, gen2) = (GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(2));
            wall.Restart();
            var n = pass == 0 ? 2 : iterations;
            for (var i = 0; i < n; i++)
            {
                for (var r = 0; r < rows.Length; r++)
                {
                    rows[r] = random.Next(BenchmarkData.Train.Count);
                    t[r] = BenchmarkData.Train.Labels[rows[r]];
                }
                for (var r = 0; r < rows.Length; r++) x.SetRow(r, BenchmarkData.Train.Images.Row(rows[r]));
                var y = x;
                foreach (var layer in net.Layers) { var input = y; y = Time($"{layer.Name}.Forward", () => layer.Forward(input)); }
                Time("SoftmaxWithLoss.Forward", () => net.LastLayer.Forward(y, t));
                var d = Time("SoftmaxWithLoss.Backward", () => net.LastLayer.Backward());
                foreach (var layer in net.Layers.Reverse()) { var dout = d; d = Time($"{layer.Name}.Backward", () => layer.Backward(dout)); }
                var grads = new Dictionary<string, Matrix<double>>
                {
                    ["W1"] = net.Conv1.DW!, ["b1"] = net.Conv1.DB!, ["W2"] = net.Affine1.DW!,
                    ["b2"] = net.Affine1.DB!, ["W3"] = net.Affine2.DW!, ["b3"] = net.Affine2.DB!,
                };
                Time("Adam.Update", () => { adam.Update(net.Parameters, grads); return 0; });
                var col = Time("  Im2Col alone (conv)", () => Functions.Patches.Im2Col(x, net.Conv1.Grid));
                Time("  Col2Im alone (conv)", () => Functions.Patches.Col2Im(col, net.Conv1.Grid));
                Time("  col·W alone", () => col * net.W1.Data);
                var perChannel = Matrix<double>.Build.Dense(3000, 576, 0.5);
                Time("  Im2Col alone (pool)", () => Functions.Patches.Im2Col(perChannel, new Functions.PatchGrid(new Functions.ImageShape(1, 24, 24), 2, 2, 2)));
                Time("  new 1.7M doubles, filled", () => { var a = new double[1_728_000]; Array.Fill(a, 1.0); return a; });
                Time("  Relu1.Forward again", () => net.Relu1.Forward(col));
            }
        }
        Console.WriteLine($"wall {wall.Elapsed.TotalMilliseconds / iterations:0.00} ms/iteration; GC pauses {(GC.GetTotalPauseDuration() - gcPause).TotalMilliseconds / iterations:0.00} ms/iteration, " +
            $"{GC.CollectionCount(0) - gen0} gen0 and {GC.CollectionCount(2) - gen2} gen2 collections; allocated {GC.GetTotalAllocatedBytes() / 1e6 / (iterations + 2):0} MB/iteration");
        var total = TimeSpan.Zero;
        foreach (var (name, time) in steps)
        {
            Console.WriteLine($"{name,-28} {time.TotalMilliseconds / iterations,8:0.00} ms");
            if (!name.StartsWith(' ')) total += time;
        }
        Console.WriteLine($"{"iteration (sum)",-28} {total.TotalMilliseconds / iterations,8:0.00} ms");
        return 0;
    }

    // Im2Col and Col2Im alone on lesson 11's shapes: the fastest of 40 calls (thread CPU), which the machine's load disturbs least.
    private static int PatchesAlone()
    {
        var x = BenchmarkData.Train.Images.SubMatrix(0, 100, 0, 784);
        var conv = new Functions.PatchGrid(new Functions.ImageShape(1, 28, 28), 5, 5);
        var pool = new Functions.PatchGrid(new Functions.ImageShape(1, 24, 24), 2, 2, 2);
        var perChannel = Matrix<double>.Build.Dense(3000, 576, (i, j) => Math.Sin(i + 0.1 * j));
        double Fastest(Func<object> f)
        {
            var best = double.MaxValue;
            for (var i = 0; i < 40; i++)
            {
                var started = Profile.ThreadCpuTime();
                f();
                best = Math.Min(best, (Profile.ThreadCpuTime() - started).TotalMilliseconds);
            }
            return best;
        }
        var col = Functions.Patches.Im2Col(x, conv);
        var poolCol = Functions.Patches.Im2Col(perChannel, pool);
        Console.WriteLine($"Im2Col conv {Fastest(() => Functions.Patches.Im2Col(x, conv)):0.00} ms, Col2Im conv {Fastest(() => Functions.Patches.Col2Im(col, conv)):0.00} ms, " +
            $"Im2Col pool {Fastest(() => Functions.Patches.Im2Col(perChannel, pool)):0.00} ms, Col2Im pool {Fastest(() => Functions.Patches.Col2Im(poolCol, pool)):0.00} ms");
        return 0;
    }

    // The bits of every weight after 5 Adam steps with MathNet's provider: equal hashes mean a change to the layers
    // computes what they computed before, bit for bit.
    private static int Hash()
    {
        var net = new SimpleConvNet(seed: 42);
        var history = new Training.Trainer { Iterations = 5, BatchSize = 100, Seed = 42, EvaluateEvery = 5 }
            .Train(net, new Adam(0.001), BenchmarkData.Train.Images.SubMatrix(0, 1000, 0, 784), BenchmarkData.Train.Labels[..1000],
                BenchmarkData.Test.Images.SubMatrix(0, 200, 0, 784), BenchmarkData.Test.Labels[..200]);
        var bits = net.Parameters.SelectMany(p => p.Data.ToColumnMajorArray()).SelectMany(BitConverter.GetBytes).ToArray();
        Console.WriteLine($"weights SHA-256 {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bits))[..16]}; losses {string.Join(" ", history.Losses.Select(l => l.ToString("R", CultureInfo.InvariantCulture)))}; test {history.FinalTestAccuracy}");
        return 0;
    }
}
