using Backprop.Layers;

namespace Backprop.Training;

/// <summary>Stochastic gradient descent: W ← W − lr·∂L/∂W for every parameter.</summary>
public sealed class Sgd
{
    /// <summary>An optimizer with the given learning rate (the book uses 0.1 for MNIST).</summary>
    public Sgd(double learningRate = 0.1)
    {
        if (!(learningRate > 0) || !double.IsFinite(learningRate))
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be a positive finite number.");
        LearningRate = learningRate;
    }

    /// <summary>The step size lr.</summary>
    public double LearningRate { get; }

    /// <summary>
    /// Steps each parameter against its gradient IN PLACE (Value.Subtract(…, Value)): the layers hold the same
    /// Value matrices, so they see the update. Assigning a new matrix instead would leave the layers behind.
    /// </summary>
    public void Update(IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var p in parameters) p.Value.Subtract(p.Gradient.Multiply(LearningRate), p.Value);
    }
}
