using System.Numerics;
using System.Runtime.InteropServices;
using Backprop.Layers;
using MathNet.Numerics.LinearAlgebra.Double;

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
        foreach (var p in parameters)
        {
            if (p.Value is DenseMatrix value && p.Gradient is DenseMatrix gradient) Step(value.Values, gradient.Values);
            else p.Value.Subtract(p.Gradient.Multiply(LearningRate), p.Value);
        }
    }

    // The same W ← W − lr·∂L/∂W, element by element on the storage arrays: Gradient.Multiply(lr) would allocate a
    // 313 KB matrix for W1 on every step (on the large-object heap), which cost as much as a matrix product.
    // Several elements per instruction (Vector<double>), then the few left over one by one; each element gets
    // exactly the scalar arithmetic (no fused multiply-add), so the result does not depend on the CPU.
    private void Step(double[] value, double[] gradient)
    {
        var rate = LearningRate;
        var values = MemoryMarshal.Cast<double, Vector<double>>(value.AsSpan());
        var gradients = MemoryMarshal.Cast<double, Vector<double>>(gradient.AsSpan(0, value.Length));
        for (var i = 0; i < values.Length; i++) values[i] -= rate * gradients[i];
        for (var i = values.Length * Vector<double>.Count; i < value.Length; i++) value[i] -= rate * gradient[i];
    }
}
