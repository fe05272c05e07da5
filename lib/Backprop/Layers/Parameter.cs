using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Layers;

/// <summary>
/// A learnable matrix and its gradient, shared BY REFERENCE between a network and the layer that uses it.
/// The Python original relies on in-place <c>W -= lr * dW</c>; a port that copies W into the layer would
/// update a copy and silently stop learning. Here the network lists the very <see cref="Parameter"/>
/// objects its layers hold, and optimizers change <see cref="Data"/> in place, so the layer sees every update.
/// Biases are parameters too: a 1×n row matrix, so every parameter is a matrix. The gradient is not kept here: the
/// layer computes it (<see cref="Affine.DW"/>, <see cref="Affine.DB"/>, like the book's dW and db) and the network
/// returns the gradients by parameter name.
/// </summary>
public sealed class Parameter
{
    /// <summary>Wraps <paramref name="data"/> (kept, not copied).</summary>
    public Parameter(string name, Matrix<double> data)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(data);
        Name = name;
        Data = data;
    }

    /// <summary>The name the network reports it under, e.g. "W1" or "b1".</summary>
    public string Name { get; }

    /// <summary>The current values. Update in place (e.g. <c>Data.Subtract(step, Data)</c>); never replace the matrix.</summary>
    public Matrix<double> Data { get; }

    /// <summary>Name and shape, e.g. "W1 784×50".</summary>
    public override string ToString() => $"{Name} {Data.RowCount}×{Data.ColumnCount}";
}
