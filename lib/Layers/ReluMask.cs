using System.Runtime.InteropServices;
using Backprop.Functions;
using MathNet.Numerics.LinearAlgebra;
using Lanes = System.Numerics.Vector<double>;
using SimdVector = System.Numerics.Vector;

namespace Backprop.Layers;

/// <summary>
/// The book's ReLU mask, mask = (x ≤ 0 ? 0 : 1), and the output max(0, x), made in one pass over the storage of a
/// dense x instead of two Map calls with a delegate per element.
/// </summary>
internal static class ReluMask
{
    /// <summary>0 where x ≤ 0, 1 elsewhere. Written as the book's x ≤ 0 rather than x &gt; 0, so NaN is let through.</summary>
    public static double Of(double x) => x <= 0 ? 0.0 : 1.0;

    /// <summary>The mask of every element of x and the output it lets through, both new matrices of x's shape.</summary>
    public static (Matrix<double> Output, Matrix<double> Mask) Apply(Matrix<double> x)
    {
        if (x.AsColumnMajorArray() is not { } input)
            return (x.Map(Activations.Relu, Zeros.Include), x.Map(Of, Zeros.Include));
        var output = Matrix<double>.Build.Dense(x.RowCount, x.ColumnCount);
        var mask = Matrix<double>.Build.Dense(x.RowCount, x.ColumnCount);
        var outputs = output.AsColumnMajorArray();
        var masks = mask.AsColumnMajorArray();
        // Several elements per instruction (Vector<double>): a compare gives "x ≤ 0" for each lane, which then
        // selects 0 or x (the output) and 0 or 1 (the mask). IEEE compares make NaN ≤ 0 false here too.
        var vectors = MemoryMarshal.Cast<double, Lanes>(input.AsSpan());
        var outputVectors = MemoryMarshal.Cast<double, Lanes>(outputs.AsSpan());
        var maskVectors = MemoryMarshal.Cast<double, Lanes>(masks.AsSpan());
        for (var k = 0; k < vectors.Length; k++)
        {
            var blocked = SimdVector.LessThanOrEqual(vectors[k], Lanes.Zero);
            outputVectors[k] = SimdVector.ConditionalSelect(blocked, Lanes.Zero, vectors[k]);
            maskVectors[k] = SimdVector.ConditionalSelect(blocked, Lanes.Zero, Lanes.One);
        }
        for (var k = vectors.Length * Lanes.Count; k < input.Length; k++)
        {
            outputs[k] = Activations.Relu(input[k]);
            masks[k] = Of(input[k]);
        }
        return (output, mask);
    }
}
