namespace Backprop.Data;

/// <summary>Which MNIST data a <see cref="MnistLoadResult"/> holds.</summary>
public enum MnistSource
{
    /// <summary>The full dataset: 60,000 training and 10,000 test images, downloaded and verified.</summary>
    Full,

    /// <summary>The subset bundled with the course (8,000 training / 2,000 test images), used when the download failed.</summary>
    Bundled,
}
