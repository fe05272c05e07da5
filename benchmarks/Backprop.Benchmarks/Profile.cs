using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Backprop.Optimizers;
using Backprop.Performance;
using Backprop.Training;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Benchmarks;

/// <summary>
/// `profile`: where one training iteration's time goes, step by step (drawing the batch with the Trainer's sampler, each
/// layer's forward and backward, the three 784-sized products alone, the SGD step), as microseconds per iteration
/// averaged over many iterations.
/// </summary>
public static class Profile
{
    /// <summary>Arguments: [iterations=1000]. Returns a process exit code.</summary>
    public static int Run(string[] args)
    {
        var iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        Console.WriteLine($"{MatrixBackend.Describe()}; load average {File.ReadAllText("/proc/loadavg").Trim()}");
        using var sampler = new BatchSampler(BenchmarkData.Train.Images);
        var random = new Random(42);
        var rows = new int[100];
        var t = new int[100];
        var net = BenchmarkData.Network();
        var sgd = new Sgd(0.1);
        var steps = new Dictionary<string, TimeSpan>();
        // CPU time of this thread, not wall time: the machine is shared, and a descheduled thread is not slow code.
        T Time<T>(string name, Func<T> step)
        {
            var started = ThreadCpuTime();
            var result = step();
            steps[name] = steps.GetValueOrDefault(name) + (ThreadCpuTime() - started);
            return result;
        }
        var x = Matrix<double>.Build.Dense(100, 784);
        var hidden = Matrix<double>.Build.Dense(100, 50);
        var dx = Matrix<double>.Build.Dense(100, 784);
        var dw = Matrix<double>.Build.Dense(784, 50);
        for (var pass = 0; pass < 2; pass++)
        {
            steps.Clear();
            for (var i = 0; i < iterations; i++)
            {
                // As the Trainer does with the fast BatchSampler: rows drawn with replacement, copied by its sampler into one reused buffer, which hands
                // the products the batch's non-zeros.
                for (var r = 0; r < rows.Length; r++)
                {
                    rows[r] = random.Next(BenchmarkData.Train.Count);
                    t[r] = BenchmarkData.Train.Labels[rows[r]];
                }
                Time("batch drawn (sampler)", () => { sampler.CopyRows(rows, x); return 0; });
                var a1 = Time("Affine1.Forward", () => net.Affine1.Forward(x));
                var z1 = Time("Relu1.Forward", () => net.Relu1.Forward(a1));
                var a2 = Time("Affine2.Forward", () => net.Affine2.Forward(z1));
                Time("SoftmaxWithLoss.Forward", () => net.LastLayer.Forward(a2, t));
                var d = Time("SoftmaxWithLoss.Backward", () => net.LastLayer.Backward());
                d = Time("Affine2.Backward", () => net.Affine2.Backward(d));
                d = Time("Relu1.Backward", () => net.Relu1.Backward(d));
                Time("Affine1.Backward", () => net.Affine1.Backward(d));
                var grads = new Dictionary<string, Matrix<double>> { ["W1"] = net.Affine1.DW!, ["b1"] = net.Affine1.DB!, ["W2"] = net.Affine2.DW!, ["b2"] = net.Affine2.DB! };
                Time("Sgd.Update", () => { sgd.Update(net.Parameters, grads); return 0; });
                Time("product x·W1", () => { x.Multiply(net.W1.Data, hidden); return 0; });
                Time("product dout·W1ᵀ", () => { d.TransposeAndMultiply(net.W1.Data, dx); return 0; });
                Time("product xᵀ·dout", () => { x.TransposeThisAndMultiply(d, dw); return 0; });
            }
        }
        string Plan(Action multiply) { multiply(); return MatrixBackend.ActiveProduct?.LastPlan ?? "?"; }
        var dout = Matrix<double>.Build.Random(100, 50, 1);
        Console.WriteLine($"plans: x·W1 {Plan(() => x.Multiply(net.W1.Data, hidden))}, dout·W1ᵀ {Plan(() => dout.TransposeAndMultiply(net.W1.Data, dx))}, xᵀ·dout {Plan(() => x.TransposeThisAndMultiply(dout, dw))}");
        foreach (var (name, time) in steps)
            Console.WriteLine($"{name,-26} {time.TotalMicroseconds / iterations,8:0.0} µs");
        return 0;
    }

    /// <summary>CPU time consumed by the calling thread (Linux: CLOCK_THREAD_CPUTIME_ID).</summary>
    public static TimeSpan ThreadCpuTime()
    {
        if (!OperatingSystem.IsLinux()) return Stopwatch.GetElapsedTime(0);
        clock_gettime(3, out var now);
        return TimeSpan.FromTicks(now.Seconds * TimeSpan.TicksPerSecond + now.Nanoseconds / 100);
    }

    [DllImport("libc", SetLastError = false)]
    private static extern int clock_gettime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
