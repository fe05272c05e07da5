using Backprop.Networks;
using Backprop.Tests.TestSupport;

namespace Backprop.Tests.Networks;

/// <summary>
/// The book's gradient check (gradient_check.py): TwoLayerNet 784-50-10 on the first 3 bundled training images,
/// 2 × 39,760 forward passes (a few seconds since the managed product skips MNIST's zero pixels).
/// </summary>
public class TwoLayerNetMnistGradientTests
{
    [Fact]
    public void Gradient_check_on_three_bundled_mnist_samples_is_below_1e_6_for_every_parameter()
    {
        var batch = BundledMnist.Train.Take(3);
        var net = new TwoLayerNet(784, 50, 10, seed: 0);

        var report = net.CheckGradient(batch.Images, batch.Labels);

        TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());
        Assert.Equal(["W1", "b1", "W2", "b2"], report.Entries.Select(e => e.Name));
        Assert.All(report.Entries, e => Assert.InRange(e.MeanAbsoluteDifference, 0, 1e-6));
        Assert.True(report.AllOk, report.ToString());
    }
}
