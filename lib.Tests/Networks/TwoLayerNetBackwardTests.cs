using Backprop.Networks;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Networks;

/// <summary>Gradient is the full reverse loop of lesson 6: the same gradients as running every layer's backward by hand.</summary>
public class TwoLayerNetBackwardTests
{
    [Theory]
    [InlineData(1, 6, 4, 3)]
    [InlineData(5, 20, 10, 5)]
    [InlineData(100, 784, 50, 10)]
    public void Gradient_equals_running_every_layers_backward_by_hand_bit_for_bit(int batch, int inputs, int hidden, int outputs)
    {
        var net = new TwoLayerNet(inputs, hidden, outputs, weightInitStd: 0.5, seed: 1);
        var x = RandomMatrix.Uniform(batch, inputs, 2, 0, 1);
        var t = RandomMatrix.Labels(batch, outputs, 3);

        var gradient = net.Gradient(x, t).ToDictionary(kv => kv.Key, kv => kv.Value.Clone());

        net.Loss(x, t);
        var dout = net.LastLayer.Backward(1.0);
        for (var i = net.Layers.Count - 1; i >= 0; i--) dout = net.Layers[i].Backward(dout);
        var byHand = new Dictionary<string, Matrix<double>> { ["W1"] = net.Affine1.DW!, ["b1"] = net.Affine1.DB!, ["W2"] = net.Affine2.DW!, ["b2"] = net.Affine2.DB! };
        foreach (var p in net.Parameters) BitExact.Equal(byHand[p.Name], gradient[p.Name]);
        Assert.All(gradient.Values, g => Assert.NotEqual(0.0, g.FrobeniusNorm()));
    }
}
