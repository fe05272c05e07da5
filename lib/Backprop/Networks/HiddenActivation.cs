namespace Backprop.Networks;

/// <summary>The activation function between the Affine layers of a <see cref="MultiLayerNet"/>.</summary>
public enum HiddenActivation
{
    /// <summary>max(0, x), <see cref="Layers.Relu"/>.</summary>
    Relu,

    /// <summary>1 / (1 + e⁻ˣ), <see cref="Layers.Sigmoid"/>.</summary>
    Sigmoid,
}
