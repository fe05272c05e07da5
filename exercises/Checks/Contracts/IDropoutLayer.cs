using Backprop.Layers;

namespace Backprop.Checks;

/// <summary>
/// The layer of exercise 10.2, inverted dropout: a layer with a training mode (units dropped at random) and an inference
/// mode, switched by <see cref="Training"/> as the library's Dropout is.
/// </summary>
public interface IDropoutLayer : ILayer
{
    /// <summary>The probability that a unit is dropped in training, in [0, 1).</summary>
    double Ratio { get; }

    /// <summary>True: the next Forward drops units at random. False: the next Forward is inference.</summary>
    bool Training { get; set; }
}
