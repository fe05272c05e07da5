using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Data;

/// <summary>The sine regression's data: x = 0, 0.01, …, 0.99 and y = 20·sin(2πx), as column vectors (one sample per row).</summary>
public static class SineData
{
    /// <summary>
    /// <paramref name="count"/> points x = i/count and y = amplitude·sin(2πx), each a count×1 matrix
    /// (the book's samples×features layout).
    /// </summary>
    public static (Matrix<double> X, Matrix<double> Y) Create(int count = 100, double amplitude = 20.0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var x = Matrix<double>.Build.Dense(count, 1, (i, _) => i / (double)count);
        var y = x.Map(v => amplitude * Math.Sin(2.0 * Math.PI * v));
        return (x, y);
    }
}
