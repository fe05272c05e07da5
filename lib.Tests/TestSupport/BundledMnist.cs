using Backprop.Data;

namespace Backprop.Tests.TestSupport;

/// <summary>The bundled 8,000/2,000 MNIST subset, read once for every test that needs it.</summary>
internal static class BundledMnist
{
    private static readonly Lazy<(MnistSet Train, MnistSet Test)> Sets = new(Mnist.LoadBundled);

    public static MnistSet Train => Sets.Value.Train;

    public static MnistSet Test => Sets.Value.Test;
}
