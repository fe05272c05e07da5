using System.Globalization;
using Backprop.Performance;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Benchmarks;

/// <summary>
/// `plans`: every plan of the managed product forced in turn on each product of a training iteration (real batches,
/// the network's weights and a real dout; one batch, so it is in cache as the batch the Trainer has just written is), as
/// thread CPU µs per call (the best of ten rounds): how the cost model's choice compares with the rest. The "sampled" rows
/// use a batch drawn by the Trainer's fast BatchSampler, whose non-zeros the products are given instead of searching for them.
/// </summary>
public static class Plans
{
    private static readonly string[] Names = ["rows", "columns", "dense", "dot", "strips", "small"];

    /// <summary>Arguments: [calls=500]. Returns a process exit code.</summary>
    public static int Run(string[] args)
    {
        var calls = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
        MatrixBackend.Use(MatrixBackendKind.Managed);
        var product = (ManagedMatrixProduct)MatrixBackend.ActiveProduct!;
        Console.WriteLine($"{MatrixBackend.Describe()}; load average {File.ReadAllText("/proc/loadavg").Trim()}");

        var batches = BenchmarkData.Batches(16);
        var net = BenchmarkData.Network();
        var (x0, t0) = batches[0];
        net.Gradient(x0, t0);
        var dout1 = net.Relu1.Backward(net.Affine2.Backward(net.LastLayer.Backward()));
        var hidden = net.Relu1.Forward(net.Affine1.Forward(x0));
        var dout2 = net.LastLayer.Backward();
        // The same products on a batch drawn by the Trainer's fast BatchSampler, which hands the products the batch's non-zeros.
        using var sampler = new BatchSampler(BenchmarkData.Train.Images);
        var sampled = Matrix<double>.Build.Dense(100, 784);
        var random = new Random(42);
        sampler.CopyRows([.. Enumerable.Range(0, 100).Select(_ => random.Next(BenchmarkData.Train.Count))], sampled);
        var products = new (string Name, Action<Matrix<double>> Multiply)[]
        {
            ("x·W1 (100×784·784×50)", x => x.Multiply(net.W1.Data, Matrix<double>.Build.Dense(100, 50))),
            ("xᵀ·dout (784×100·100×50)", x => x.TransposeThisAndMultiply(dout1, Matrix<double>.Build.Dense(784, 50))),
            ("x·W1, sampled (lists known)", _ => sampled.Multiply(net.W1.Data, Matrix<double>.Build.Dense(100, 50))),
            ("xᵀ·dout, sampled", _ => sampled.TransposeThisAndMultiply(dout1, Matrix<double>.Build.Dense(784, 50))),
            ("dout·W1ᵀ (100×50·50×784)", _ => dout1.TransposeAndMultiply(net.W1.Data, Matrix<double>.Build.Dense(100, 784))),
            ("h·W2 (100×50·50×10)", _ => hidden.Multiply(net.W2.Data, Matrix<double>.Build.Dense(100, 10))),
            ("hᵀ·dout2 (50×100·100×10)", _ => hidden.TransposeThisAndMultiply(dout2, Matrix<double>.Build.Dense(50, 10))),
            ("dout2·W2ᵀ (100×10·10×50)", _ => dout2.TransposeAndMultiply(net.W2.Data, Matrix<double>.Build.Dense(100, 50))),
        };
        Console.WriteLine($"{"product",-28} {"chosen",-8} " + string.Join(" ", Names.Select(n => $"{n,9}")) + "   (µs per call)");
        foreach (var (name, multiply) in products)
        {
            product.ForcedPlan = null;
            multiply(x0);
            var chosen = product.LastPlan;
            var cells = new List<string>();
            foreach (var plan in Names)
            {
                product.ForcedPlan = plan;
                multiply(x0);
                if (product.LastPlan != plan) { cells.Add($"{"—",9}"); continue; }
                for (var i = 0; i < 200; i++) multiply(x0);
                Thread.Sleep(200);  // lets tiered compilation install the optimised code before timing
                // The fastest of ten rounds: on a shared machine a slow round means a neighbour, not slower code.
                var best = double.PositiveInfinity;
                for (var round = 0; round < 10; round++)
                {
                    var started = Profile.ThreadCpuTime();
                    for (var i = 0; i < calls / 10; i++) multiply(x0);
                    best = Math.Min(best, (Profile.ThreadCpuTime() - started).TotalMicroseconds / (calls / 10));
                }
                cells.Add($"{best,9:0.0}");
            }
            product.ForcedPlan = null;
            Console.WriteLine($"{name,-28} {chosen,-8} {string.Join(" ", cells)}");
        }
        return 0;
    }
}
