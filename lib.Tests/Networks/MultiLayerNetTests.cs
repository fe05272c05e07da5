using Backprop.Networks;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Networks;

/// <summary>The deeper network of chapter 6: layers, shared parameters, weight decay, and gradients that pass a check.</summary>
public class MultiLayerNetTests
{
    [Fact]
    public void Builds_affine_and_activation_layers_with_shared_parameters_drawn_by_the_chosen_rule()
    {
        var net = new MultiLayerNet(784, [100, 100], 10, WeightInit.Xavier, HiddenActivation.Sigmoid, seed: 3);
        Assert.Equal(["Affine1", "Sigmoid1", "Affine2", "Sigmoid2", "Affine3"], net.Layers.Select(l => l.Name));
        Assert.Equal(["W1", "b1", "W2", "b2", "W3", "b3"], net.Parameters.Select(p => p.Name));
        Assert.Same(net.Parameters[0], ((Backprop.Layers.Affine)net.Layers[0]).W);
        var std1 = MathNet.Numerics.Statistics.Statistics.StandardDeviation(net.Parameters[0].Data.Enumerate());
        Assert.InRange(std1, 0.97 / Math.Sqrt(784), 1.03 / Math.Sqrt(784));
        Assert.Equal(0, net.Parameters[1].Data.Enumerate().Sum(Math.Abs));
    }

    [Theory]
    [InlineData(HiddenActivation.Relu, 0.0)]
    [InlineData(HiddenActivation.Sigmoid, 0.0)]
    [InlineData(HiddenActivation.Relu, 0.1)]
    public void Gradient_agrees_with_central_differences_of_the_loss_including_weight_decay(HiddenActivation activation, double lambda)
    {
        var net = new MultiLayerNet(5, [4, 3], 3, WeightInit.Std(0.7), activation, lambda, seed: 5);
        var x = RandomMatrix.AwayFromZero(4, 5, 6);
        int[] t = [0, 2, 1, 2];
        var analytic = net.Gradient(x, t).ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
        foreach (var p in net.Parameters)
        {
            var numerical = Backprop.Gradients.NumericalGradient.Of(() => net.Loss(x, t), p.Data);
            var difference = RandomMatrix.MaxAbsDifference(numerical, analytic[p.Name]);
            var largest = analytic[p.Name].Enumerate().Max(Math.Abs);
            // Not exact even as h → 0: the loss is −log(y + 1e-7) while backward gives (y − t)/N, the derivative without the
            // 1e-7 — a constant difference of order 1e-7·|gradient| that no h removes (measured 8e-8 here for W1 with sigmoid).
            Assert.True(difference < 1e-8 + 1e-5 * largest, $"{p.Name}: largest difference {difference:G3} (largest gradient {largest:G3})");
        }
    }

    [Fact]
    public void Weight_decay_adds_half_lambda_times_the_squared_weights_to_the_loss()
    {
        var plain = new MultiLayerNet(3, [2], 2, WeightInit.Std(1), seed: 9);
        var decayed = new MultiLayerNet(3, [2], 2, WeightInit.Std(1), weightDecayLambda: 0.1, seed: 9);
        foreach (var net in new[] { plain, decayed })
        {
            // W1 squares: 1 + 0 + 0 + 4 + 1 + 1 = 7; W2 squares: 1 + 1 + 0 + 9 = 11; biases (not decayed) stay 0.
            net.Parameters[0].Data.SetSubMatrix(0, 0, Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 0.0 }, { 0.0, 2.0 }, { 1.0, 1.0 } }));
            net.Parameters[2].Data.SetSubMatrix(0, 0, Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, -1.0 }, { 0.0, 3.0 } }));
        }
        var x = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, -1.0, 0.5 } });
        int[] t = [1];
        // ½·λ·ΣW² = ½ · 0.1 · (7 + 11) = 0.9
        Assert.Equal(plain.Loss(x, t) + 0.9, decayed.Loss(x, t), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MultiLayerNet(3, [2], 2, weightDecayLambda: -1));
    }
}
