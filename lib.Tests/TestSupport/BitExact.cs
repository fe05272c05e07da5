using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.TestSupport;

/// <summary>
/// Equality of doubles bit for bit (so 0 and −0 differ, and NaN equals NaN): the fast element-wise code must give
/// exactly what the plain loops it replaced gave.
/// </summary>
internal static class BitExact
{
    public static void Equal(Matrix<double> expected, Matrix<double> actual)
    {
        Assert.Equal(expected.RowCount, actual.RowCount);
        Assert.Equal(expected.ColumnCount, actual.ColumnCount);
        for (var i = 0; i < expected.RowCount; i++)
            for (var j = 0; j < expected.ColumnCount; j++)
                Equal(expected.At(i, j), actual.At(i, j), $"row {i}, column {j}");
    }

    public static void Equal(double expected, double actual, string where)
    {
        if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(actual))
            Assert.Fail($"At {where}: expected {expected:R} but got {actual:R} (bits differ).");
    }

    /// <summary>
    /// Inputs that catch edge cases of element-wise code: shapes whose element count is not a multiple of the
    /// SIMD width (1×1, 3×3, 7×5), a typical one (100×50), with NaN, ±∞, 0 and −0 planted in the random values.
    /// </summary>
    public static IEnumerable<Matrix<double>> EdgeCaseMatrices(int seed)
    {
        foreach (var (rows, columns) in new[] { (1, 1), (1, 3), (3, 3), (7, 5), (100, 50) })
        {
            var m = RandomMatrix.Uniform(rows, columns, seed + rows * 31 + columns);
            yield return m;
            var special = m.Clone();
            double[] planted = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0];
            for (var k = 0; k < planted.Length && k < rows * columns; k++)
                special.At(k % rows, (k * 7) % columns, planted[k]);
            yield return special;
        }
        yield return Matrix<double>.Build.Dense(4, 6);  // all zeros
    }
}
