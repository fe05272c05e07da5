using Backprop.Networks;
using Backprop.Performance;
using Backprop.Training;
using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Benchmarks;

/// <summary>
/// One training iteration of train_neuralnet.py: backpropagation on a 100-image batch and an SGD step, per backend.
/// Batches are drawn once in setup and cycled (drawing is timed by the compare command, which runs the real Trainer).
/// </summary>
[MemoryDiagnoser]
public class TrainingIterationBenchmarks
{
    private (Matrix<double> X, int[] T)[] _batches = [];
    private TwoLayerNet _net = null!;
    private readonly Sgd _sgd = new(0.1);
    private int _next;

    /// <summary>The matrix backend under test.</summary>
    [ParamsSource(nameof(Backends))]
    public MatrixBackendKind Backend { get; set; }

    /// <summary>Every backend this machine has.</summary>
    public static IEnumerable<MatrixBackendKind> Backends() => Compare.AvailableBackends();

    /// <summary>Selects the backend, loads the data, builds the network.</summary>
    [GlobalSetup]
    public void Setup()
    {
        MatrixBackend.Use(Backend);
        _batches = BenchmarkData.Batches(32);
        _net = BenchmarkData.Network();
    }

    /// <summary>Gradient by backpropagation, then W ← W − lr·∂L/∂W.</summary>
    [Benchmark]
    public double Iteration()
    {
        var (x, t) = _batches[_next++ % _batches.Length];
        _net.Gradient(x, t);
        _sgd.Update(_net.Parameters);
        return _net.LastLayer.Loss;
    }
}
