using Backprop.Layers;
using Backprop.Networks;
using Backprop.Performance;
using Backprop.Tests.TestSupport;
using Backprop.Training;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Providers.LinearAlgebra;

namespace Backprop.Performance.Tests;

/// <summary>The process-wide backend switch. Not run in parallel with each other: they change a global setting.</summary>
[Collection(nameof(MatrixBackendTests))]
[CollectionDefinition(nameof(MatrixBackendTests), DisableParallelization = true)]
public class MatrixBackendTests
{
    [Fact]
    public void Nothing_changes_MathNet_until_a_backend_is_chosen_here()
    {
        // Run first in a fresh process this would see the untouched provider; in any order, UseMathNet restores it.
        MatrixBackend.UseMathNet();
        _ = new TwoLayerNet(4, 3, 2).Gradient(Matrix<double>.Build.Dense(2, 4, 1.0), new[] { 0, 1 });
        Assert.IsType<ManagedLinearAlgebraProvider>(LinearAlgebraControl.Provider);
        Assert.Equal(MatrixBackendKind.MathNet, MatrixBackend.Kind);
        Assert.Contains("nothing opted in", MatrixBackend.Describe());
    }

    [Fact]
    public void Forcing_the_managed_fallback_makes_MathNet_products_use_it()
    {
        try
        {
            MatrixBackend.UseManaged();
            Assert.Equal(MatrixBackendKind.Managed, MatrixBackend.Kind);
            Assert.StartsWith("managed", MatrixBackend.Active);
            var provider = Assert.IsType<CourseLinearAlgebraProvider>(LinearAlgebraControl.Provider);
            Assert.IsType<ManagedMatrixProduct>(provider.Product);
        }
        finally
        {
            MatrixBackend.UseMathNet();
        }
    }

    [Fact]
    public void UseFastest_takes_the_system_BLAS_when_there_is_one_and_the_managed_product_otherwise()
    {
        try
        {
            var chosen = MatrixBackend.UseFastest();
            Assert.Equal(MatrixBackend.IsNativeAvailable ? MatrixBackendKind.Native : MatrixBackendKind.Managed, chosen);
            Assert.IsType<CourseLinearAlgebraProvider>(LinearAlgebraControl.Provider);
            if (!MatrixBackend.IsNativeAvailable) Assert.Contains("no system BLAS", MatrixBackend.Describe());
            // What a lesson prints: one line about the backend in use, short enough for a page, never the paths probed.
            foreach (var kind in new[] { MatrixBackendKind.Managed, MatrixBackendKind.MathNet }.Concat(MatrixBackend.IsNativeAvailable ? [MatrixBackendKind.Native] : []))
            {
                MatrixBackend.Use(kind);
                Assert.DoesNotContain('\n', MatrixBackend.Describe());
                Assert.InRange(MatrixBackend.Describe().Length, 1, 110);
            }
            MatrixBackend.UseFastest();
            Assert.DoesNotContain('/', MatrixBackend.Describe());
            Assert.InRange(MatrixBackend.Describe().Length, 1, 110);
        }
        finally
        {
            MatrixBackend.UseMathNet();
        }
    }

    [Fact]
    public void Asking_for_native_without_a_system_BLAS_says_what_to_install()
    {
        Assert.SkipWhen(MatrixBackend.IsNativeAvailable, "this machine has a system BLAS");
        var e = Assert.Throws<InvalidOperationException>(() => MatrixBackend.Use(MatrixBackendKind.Native));
        Assert.Contains("libopenblas0", e.Message);
        Assert.False(MatrixBackend.TryUseNative());
    }

    [Fact]
    public void Gradients_of_the_two_layer_net_agree_across_backends()
    {
        var batch = BundledMnist.Train.Take(100);
        var results = new Dictionary<MatrixBackendKind, Dictionary<string, Matrix<double>>>();
        try
        {
            foreach (var kind in Enum.GetValues<MatrixBackendKind>())
            {
                if (kind == MatrixBackendKind.Native && !MatrixBackend.IsNativeAvailable) continue;
                MatrixBackend.Use(kind);
                var net = new TwoLayerNet(784, 50, 10, seed: 1);
                results[kind] = net.Gradient(batch.Images, batch.Labels).ToDictionary(g => g.Key, g => g.Value.Clone());
            }
        }
        finally
        {
            MatrixBackend.UseMathNet();
        }
        var reference = results[MatrixBackendKind.MathNet];
        foreach (var (kind, gradients) in results)
            foreach (var (name, gradient) in gradients)
            {
                // Gradients here are ~1e-3…1e-1; different summation orders differ in the last bits only.
                var difference = (gradient - reference[name]).Enumerate().Max(Math.Abs);
                Assert.True(difference < 1e-12, $"{kind} {name}: max |difference| {difference:E2} from MathNet's");
            }
    }

    [Fact]
    public void Training_with_the_managed_fallback_reaches_the_same_accuracy_as_MathNet()
    {
        var train = BundledMnist.Train;
        var test = BundledMnist.Test;
        var accuracies = new Dictionary<MatrixBackendKind, TrainingHistory>();
        try
        {
            foreach (var kind in new[] { MatrixBackendKind.Managed, MatrixBackendKind.MathNet })
            {
                MatrixBackend.Use(kind);
                var trainer = new Trainer { Iterations = 200, BatchSize = 100, Seed = 5 };
                accuracies[kind] = trainer.Train(new TwoLayerNet(784, 50, 10, seed: 5), new Backprop.Optimizers.Sgd(0.1), train.Take(1000), test.Take(500),
                    cancellationToken: TestContext.Current.CancellationToken);
            }
        }
        finally
        {
            MatrixBackend.UseMathNet();
        }
        var managed = accuracies[MatrixBackendKind.Managed];
        var mathNet = accuracies[MatrixBackendKind.MathNet];
        // 200 SGD steps amplify last-bit differences a little; losses stay equal to 1e-9 and accuracies identical.
        for (var i = 0; i < 200; i++) Assert.Equal(mathNet.Losses[i], managed.Losses[i], 1e-9);
        Assert.Equal(mathNet.FinalTestAccuracy, managed.FinalTestAccuracy);
        Assert.True(managed.TrainingTime > TimeSpan.Zero && managed.EvaluationTime > TimeSpan.Zero);
    }
}
