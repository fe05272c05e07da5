using Backprop.Performance;
using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Benchmarks;

/// <summary>The three 784-sized products of an iteration, on a real MNIST batch (x is ~80% zeros), per backend.</summary>
public class MatrixProductBenchmarks
{
    private Matrix<double> _x = null!, _w1 = null!, _dout = null!;
    private Matrix<double> _hidden = null!, _dx = null!, _dw1 = null!;

    /// <summary>The matrix backend under test.</summary>
    [ParamsSource(nameof(Backends))]
    public MatrixBackendKind Backend { get; set; }

    /// <summary>Every backend this machine has.</summary>
    public static IEnumerable<MatrixBackendKind> Backends() => Compare.AvailableBackends();

    /// <summary>x: a 100×784 batch; W1: 784×50; dout: 100×50 (dense).</summary>
    [GlobalSetup]
    public void Setup()
    {
        MatrixBackend.Use(Backend);
        _x = BenchmarkData.Batches(1)[0].X;
        var net = BenchmarkData.Network();
        _w1 = net.W1.Data;
        _dout = Matrix<double>.Build.Random(100, 50, 7);
        _hidden = Matrix<double>.Build.Dense(100, 50);
        _dx = Matrix<double>.Build.Dense(100, 784);
        _dw1 = Matrix<double>.Build.Dense(784, 50);
    }

    /// <summary>Affine1 forward: x·W1 (100×784 by 784×50).</summary>
    [Benchmark]
    public void Forward_x_W1() => _x.Multiply(_w1, _hidden);

    /// <summary>Affine1 backward: dx = dout·W1ᵀ (100×50 by 50×784).</summary>
    [Benchmark]
    public void Backward_dout_W1T() => _dout.TransposeAndMultiply(_w1, _dx);

    /// <summary>Affine1 backward: dW1 = xᵀ·dout (784×100 by 100×50).</summary>
    [Benchmark]
    public void Backward_xT_dout() => _x.TransposeThisAndMultiply(_dout, _dw1);
}
