using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Functions;

/// <summary>Activation functions and their derivatives, for computing and for charting f and f′.</summary>
public static class Activations
{
    /// <summary>σ(x) = 1 / (1 + e^−x).</summary>
    public static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));

    /// <summary>σ′(x) = σ(x)·(1 − σ(x)): the derivative is written in terms of the output, which is why the Sigmoid layer caches its output.</summary>
    public static double SigmoidDerivative(double x)
    {
        var s = Sigmoid(x);
        return s * (1.0 - s);
    }

    /// <summary>ReLU(x) = max(0, x).</summary>
    public static double Relu(double x) => x <= 0 ? 0.0 : x;

    /// <summary>ReLU′(x) = 1 for x &gt; 0, else 0 (0 at x = 0, matching the layer's mask x ≤ 0).</summary>
    public static double ReluDerivative(double x) => x > 0 ? 1.0 : 0.0;

    /// <summary>σ applied to every element.</summary>
    public static Matrix<double> Sigmoid(Matrix<double> x) => x.Map(Sigmoid);

    /// <summary>ReLU applied to every element.</summary>
    public static Matrix<double> Relu(Matrix<double> x) => x.Map(Relu);

    /// <summary>
    /// Row-wise softmax: each row (one sample's scores) becomes probabilities summing to 1. Each row's own
    /// maximum is subtracted before exp, so scores of ±1000 stay finite. A single maximum over the whole
    /// batch is the classic bug: rows far below it underflow to 0/0.
    /// </summary>
    public static Matrix<double> Softmax(Matrix<double> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var (rows, columns) = (scores.RowCount, scores.ColumnCount);
        // Plain arrays instead of At(i, j): column-major, so element (i, j) sits at i + j·rows.
        var s = scores.AsColumnMajorArray() ?? scores.ToColumnMajorArray();
        var y = new double[s.Length];
        for (var i = 0; i < rows; i++)
        {
            var max = double.NegativeInfinity;
            for (var j = 0; j < columns; j++) max = Math.Max(max, s[i + j * rows]);
            var sum = 0.0;
            for (var j = 0; j < columns; j++)
            {
                var e = Math.Exp(s[i + j * rows] - max);
                y[i + j * rows] = e;
                sum += e;
            }
            for (var j = 0; j < columns; j++) y[i + j * rows] /= sum;
        }
        return Matrix<double>.Build.Dense(rows, columns, y);
    }
}
