using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Gradients;

/// <summary>
/// Gradients by central difference, (f(x + h) − f(x − h)) / 2h for each element in turn: slow but obviously
/// right, which makes it the reference that backpropagation is checked against.
/// </summary>
public static class NumericalGradient
{
    /// <summary>The step h = 1e-4 the book uses: small enough for accuracy, large enough to avoid rounding noise.</summary>
    public const double DefaultStep = 1e-4;

    /// <summary>
    /// ∂loss/∂parameter for a loss that reads <paramref name="parameter"/> itself (e.g. a network's W1):
    /// each element is nudged by ±h in place, the loss re-evaluated, and the element restored exactly.
    /// </summary>
    public static Matrix<double> Of(Func<double> loss, Matrix<double> parameter, double h = DefaultStep)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(h);
        var grad = Matrix<double>.Build.Dense(parameter.RowCount, parameter.ColumnCount);
        for (var i = 0; i < parameter.RowCount; i++)
            for (var j = 0; j < parameter.ColumnCount; j++)
            {
                var original = parameter.At(i, j);
                try
                {
                    parameter.At(i, j, original + h);
                    var plus = loss();
                    parameter.At(i, j, original - h);
                    var minus = loss();
                    grad.At(i, j, (plus - minus) / (2 * h));
                }
                finally
                {
                    parameter.At(i, j, original);
                }
            }
        return grad;
    }

    /// <summary>∂f/∂x at <paramref name="x"/> for a function of a matrix (x is nudged in place and restored).</summary>
    public static Matrix<double> Of(Func<Matrix<double>, double> f, Matrix<double> x, double h = DefaultStep)
    {
        ArgumentNullException.ThrowIfNull(f);
        return Of(() => f(x), x, h);
    }

    /// <summary>
    /// ∂f/∂xᵢ at <paramref name="x"/> for a function of a few numbers (a scalar graph's inputs): element i is the central
    /// difference in xᵢ with the others held. x is nudged in place and restored, exactly as a matrix is.
    /// </summary>
    public static double[] Of(Func<double[], double> f, double[] x, double h = DefaultStep)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(h);
        if (x.Length == 0) return [];
        // A 1×n matrix over x's own array (MathNet binds it, no copy): the nudges above land in x, which f reads.
        return Of(() => f(x), Matrix<double>.Build.Dense(1, x.Length, x), h).Row(0).ToArray();
    }
}
