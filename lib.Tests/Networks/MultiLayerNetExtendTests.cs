using Backprop.Gradients;
using Backprop.Layers;
using Backprop.Networks;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Networks;

/// <summary>
/// <see cref="MultiLayerNet"/> with the book's MultiLayerNetExtend options: Batch Normalization after each hidden Affine and
/// Dropout after each hidden activation — layers, parameters, modes, and a gradient that passes the check.
/// </summary>
public class MultiLayerNetExtendTests
{
    [Fact]
    public void Puts_batch_norm_after_each_hidden_affine_and_dropout_after_each_activation()
    {
        var net = new MultiLayerNet(6, [5, 4], 3, seed: 1, useBatchNorm: true, dropoutRatio: 0.2);
        Assert.Equal(
            ["Affine1", "BatchNorm1", "Relu1", "Dropout1", "Affine2", "BatchNorm2", "Relu2", "Dropout2", "Affine3"],
            net.Layers.Select(l => l.Name));
        Assert.Equal(["W1", "b1", "gamma1", "beta1", "W2", "b2", "gamma2", "beta2", "W3", "b3"], net.Parameters.Select(p => p.Name));
        var batchNorm = (BatchNormalization)net.Layers[1];
        Assert.Same(net.Parameters[2], batchNorm.Gamma);
        Assert.Equal(5.0, batchNorm.Gamma.Data.Enumerate().Sum());  // γ starts at 1, β at 0
        Assert.Equal(0.0, batchNorm.Beta.Data.Enumerate().Sum(Math.Abs));
        Assert.Equal(0.2, ((Dropout)net.Layers[3]).Ratio);
    }

    [Fact]
    public void The_seed_draws_the_same_weights_with_or_without_the_options()
    {
        var plain = new MultiLayerNet(6, [5, 4], 3, seed: 2);
        var extended = new MultiLayerNet(6, [5, 4], 3, seed: 2, useBatchNorm: true, dropoutRatio: 0.5);
        foreach (var name in new[] { "W1", "W2", "W3" })
            Assert.Equal(0.0, RandomMatrix.MaxAbsDifference(
                plain.Parameters.Single(p => p.Name == name).Data, extended.Parameters.Single(p => p.Name == name).Data));
    }

    [Theory]
    [InlineData(HiddenActivation.Sigmoid, 0.0, 0.0)]
    [InlineData(HiddenActivation.Relu, 0.0, 0.0)]
    [InlineData(HiddenActivation.Relu, 0.1, 0.0)]
    [InlineData(HiddenActivation.Relu, 0.0, 0.3)]
    [InlineData(HiddenActivation.Sigmoid, 0.1, 0.5)]
    public void Gradient_with_batch_norm_passes_the_gradient_check(HiddenActivation activation, double lambda, double dropoutRatio)
    {
        MultiLayerNet Build() => new(5, [4, 3], 3, WeightInit.Std(0.7), activation, lambda, seed: 5, useBatchNorm: true, dropoutRatio: dropoutRatio);
        var net = Build();
        // Small last weights keep every probability near 1/3. A true class with a small probability y would shift the
        // check by the cross-entropy's ε/y (−log(y + 1e-7) is not exactly what backward differentiates; measured 3e-4 for
        // one y of 0.002). Hidden weights stay at 0.7: batch norm undoes their scale, so smaller ones would only make the
        // loss curve faster in them and the central difference's h² error larger (6e-5 at 0.1).
        net.Parameters.Single(p => p.Name == "W3").Data.Multiply(0.1, net.Parameters.Single(p => p.Name == "W3").Data);
        var x = RandomMatrix.Uniform(6, 5, 6);
        int[] t = [0, 2, 1, 2, 1, 0];
        // Training mode draws dropout masks at every forward, so the numerical gradient needs the masks of the one Gradient
        // call: a fresh network of the same seed draws exactly those first, and gets the nudged parameters copied in.
        var analytic = net.Gradient(x, t).ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
        double LossWithFirstMasks()
        {
            var fresh = Build();
            for (var k = 0; k < net.Parameters.Count; k++) fresh.Parameters[k].Data.SetSubMatrix(0, 0, net.Parameters[k].Data);
            return fresh.Loss(x, t, training: true);
        }
        var numerical = net.Parameters.ToDictionary(p => p.Name, p => NumericalGradient.Of(LossWithFirstMasks, p.Data));

        // b1 and b2 shift a column that batch norm then centres again: the loss does not depend on them, so both gradients
        // are 0 up to rounding, and a relative error of two roundings says nothing. They are checked to be 0 instead.
        foreach (var name in new[] { "b1", "b2" })
        {
            Assert.InRange(analytic[name].Enumerate().Max(Math.Abs), 0, 1e-12);
            Assert.InRange(numerical[name].Enumerate().Max(Math.Abs), 0, 1e-10);
            numerical.Remove(name);
        }
        var report = GradientCheck.Compare(numerical, analytic);

        // Measured: 6.6e-6 at most (W1 with ReLU and λ = 0.1), 1.6e-6 or less in the other cases.
        Assert.Equal(net.Parameters.Count - 2, report.Entries.Count);
        Assert.True(report.AllOk, report.ToString());
    }

    [Fact]
    public void Batch_norm_trains_a_deep_net_whose_tiny_initial_weights_stall_without_it()
    {
        // The book's experiment (6.3.2) in small: weights drawn with std 0.01 shrink the signal at every layer, so without
        // batch norm four hidden layers pass almost nothing on and the loss stays at ln 3; with it every layer's output is
        // rescaled to variance 1. Measured after 200 steps: loss 1.0986 and accuracy 0.333 without, 0.004 and 1.000 with.
        var (x, t) = Blobs.Create(300, 10, 3, seed: 1);
        (double Loss, double Accuracy) Train(bool useBatchNorm)
        {
            var net = new MultiLayerNet(10, [30, 30, 30, 30], 3, WeightInit.Std(0.01), seed: 3, useBatchNorm: useBatchNorm);
            var sgd = new Backprop.Optimizers.Sgd(0.1);
            for (var step = 0; step < 200; step++)
            {
                var start = step * 50 % 300;
                sgd.Update(net.Parameters, net.Gradient(x.SubMatrix(start, 50, 0, 10), t[start..(start + 50)]));
            }
            return (net.Loss(x, t), net.Accuracy(x, t));
        }

        var without = Train(useBatchNorm: false);
        var with = Train(useBatchNorm: true);

        Assert.InRange(without.Loss, Math.Log(3) - 0.01, Math.Log(3) + 0.01);
        Assert.InRange(without.Accuracy, 0, 0.4);
        Assert.InRange(with.Loss, 0, 0.1);
        Assert.InRange(with.Accuracy, 0.95, 1);
    }

    [Fact]
    public void Inference_is_deterministic_while_training_mode_draws_new_masks()
    {
        var net = new MultiLayerNet(5, [8], 3, seed: 7, useBatchNorm: true, dropoutRatio: 0.5);
        var x = RandomMatrix.Uniform(4, 5, 8);
        int[] t = [0, 1, 2, 0];
        net.Gradient(x, t);  // one training step's forward: the running statistics are no longer 0

        Assert.Equal(net.Loss(x, t), net.Loss(x, t));
        Assert.NotEqual(0.0, RandomMatrix.MaxAbsDifference(net.Predict(x, training: true), net.Predict(x, training: true)));
        // At inference one sample is scored on its own, whatever else is in the batch.
        Assert.Equal(0.0, RandomMatrix.MaxAbsDifference(net.Predict(x).SubMatrix(1, 1, 0, 3), net.Predict(x.SubMatrix(1, 1, 0, 5))));
        Assert.InRange(net.Accuracy(x.SubMatrix(0, 1, 0, 5), new[] { 0 }), 0, 1);
    }

    [Fact]
    public void Training_on_one_sample_with_batch_norm_is_refused_by_the_first_batch_norm()
    {
        var net = new MultiLayerNet(5, [4], 3, seed: 1, useBatchNorm: true);
        var ex = Assert.Throws<ArgumentException>(() => net.Gradient(RandomMatrix.Uniform(1, 5, 2), new[] { 1 }));
        Assert.StartsWith("BatchNormalization 'BatchNorm1'.Forward: input is 1×4, a batch of one sample", ex.Message);
    }

    [Fact]
    public void A_dropout_ratio_outside_zero_to_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MultiLayerNet(3, [2], 2, dropoutRatio: 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MultiLayerNet(3, [2], 2, dropoutRatio: -0.5));
        Assert.DoesNotContain(new MultiLayerNet(3, [2], 2).Layers, l => l is Dropout or BatchNormalization);
    }
}
