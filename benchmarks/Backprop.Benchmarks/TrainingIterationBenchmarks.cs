using Backprop.Networks;
using Backprop.Optimizers;
using Backprop.Performance;
using Backprop.Training;
using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Benchmarks;

/// <summary>
/// One training iteration of train_neuralnet.py: backpropagation on a 100-image batch and an SGD step, per backend.
/// <see cref="Iteration"/> cycles batches drawn once in setup, which the products must search for their non-zeros;
/// <see cref="IterationAsTheTrainerRunsIt"/> draws each batch with the Trainer's fast BatchSampler, which hands the products the
/// batch's non-zeros, and times the drawing too.
/// </summary>
[MemoryDiagnoser]
public class TrainingIterationBenchmarks
{
    private (Matrix<double> X, int[] T)[] _batches = [];
    private TwoLayerNet _net = null!;
    private readonly Sgd _sgd = new(0.1);
    private int _next;
    private BatchSampler _sampler = null!;
    private readonly Matrix<double> _batch = Matrix<double>.Build.Dense(100, 784);
    private readonly int[] _rows = new int[100];
    private readonly int[] _labels = new int[100];
    private readonly Random _random = new(42);

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
        _sampler = new BatchSampler(BenchmarkData.Train.Images);
    }

    /// <summary>Withdraws the sampler's last batch.</summary>
    [GlobalCleanup]
    public void Cleanup() => _sampler.Dispose();

    /// <summary>Gradient by backpropagation, then W ← W − lr·∂L/∂W.</summary>
    [Benchmark]
    public double Iteration()
    {
        var (x, t) = _batches[_next++ % _batches.Length];
        _sgd.Update(_net.Parameters, _net.Gradient(x, t));
        return _net.LastLayer.Loss;
    }

    /// <summary>As the Trainer runs it: 100 rows drawn with replacement and copied by its sampler, gradient, SGD step.</summary>
    [Benchmark]
    public double IterationAsTheTrainerRunsIt()
    {
        for (var r = 0; r < _rows.Length; r++)
        {
            _rows[r] = _random.Next(BenchmarkData.Train.Count);
            _labels[r] = BenchmarkData.Train.Labels[_rows[r]];
        }
        _sampler.CopyRows(_rows, _batch);
        _sgd.Update(_net.Parameters, _net.Gradient(_batch, _labels));
        return _net.LastLayer.Loss;
    }
}
