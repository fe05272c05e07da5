using Backprop.Layers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Optimizers;

/// <summary>
/// An update rule: given the parameters and their gradients by name, change every parameter's value IN PLACE (the layers
/// hold the same matrices). Rules with memory (a velocity, a running sum) keep it per <see cref="Parameter"/> object, so
/// one optimizer serves one network; create a new optimizer for a new network.
/// </summary>
public interface IOptimizer
{
    /// <summary>A short name for legends and reports, e.g. "Adam".</summary>
    string Name { get; }

    /// <summary>One step for every parameter, against the gradient of the same name.</summary>
    /// <exception cref="KeyNotFoundException">A parameter has no gradient of its name.</exception>
    void Update(IEnumerable<Parameter> parameters, IReadOnlyDictionary<string, Matrix<double>> grads);
}
