using Backprop.Layers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Optimizers;

/// <summary>Stochastic gradient descent: W ← W − lr·∂L/∂W for every parameter.</summary>
public sealed class Sgd : IOptimizer
{
    /// <summary>An optimizer with the given learning rate (the book uses 0.1 for MNIST).</summary>
    public Sgd(double learningRate = 0.1)
    {
        if (!(learningRate > 0) || !double.IsFinite(learningRate))
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be a positive finite number.");
        LearningRate = learningRate;
    }

    /// <inheritdoc />
    public string Name => "SGD";

    /// <summary>The step size lr.</summary>
    public double LearningRate { get; }

    /// <summary>
    /// The book's <c>params[key] -= lr * grads[key]</c>: steps each parameter against the gradient of the same name, IN PLACE
    /// (Data.Subtract(…, Data)). The layers hold the same Data matrices, so they see the update; assigning a new matrix
    /// instead would leave the layers behind.
    /// </summary>
    /// <exception cref="KeyNotFoundException">A parameter has no gradient of its name.</exception>
    public void Update(IEnumerable<Parameter> parameters, IReadOnlyDictionary<string, Matrix<double>> grads)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(grads);
        foreach (var p in parameters)
        {
            if (!grads.TryGetValue(p.Name, out var grad))
                throw new KeyNotFoundException($"Sgd.Update: there is no gradient named \"{p.Name}\" (gradients: {string.Join(", ", grads.Keys)}).");
            p.Data.Subtract(LearningRate * grad, p.Data);
        }
    }
}
