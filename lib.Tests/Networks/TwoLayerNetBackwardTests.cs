using Backprop.Networks;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Networks;

/// <summary>
/// Gradient, the full reverse pass of lesson 6, against a network worked by hand and against lesson 6's formulas written
/// out element by element — no layer, no MathNet product — for batches of several samples.
/// </summary>
public class TwoLayerNetBackwardTests
{
    [Fact]
    public void Gradient_of_a_two_two_two_network_on_one_sample_worked_by_hand()
    {
        var net = new TwoLayerNet(2, 2, 2, seed: 1);
        Set(net.W1.Data, [1, -1], [0.5, -1]);
        Set(net.B1.Data, [0, 0]);
        Set(net.W2.Data, [1, 2], [3, -2]);
        Set(net.B2.Data, [1, -1]);
        var x = Loops.Rows([1, 2]);

        var gradient = net.Gradient(x, new[] { 0 });

        // a = x·W1 + b1 = [1·1 + 2·0.5, 1·(−1) + 2·(−1)] = [2, −3];  h = ReLU(a) = [2, 0]
        // s = h·W2 + b2 = [2·1 + 0·3, 2·2 + 0·(−2)] + [1, −1] = [3, 3];  y = softmax(s) = [0.5, 0.5]
        // label 0: dS = (y − t)/N = [−0.5, 0.5]
        // dW2 = hᵀ·dS = [[2·(−0.5), 2·0.5], [0, 0]] = [[−1, 1], [0, 0]];  db2 = dS = [−0.5, 0.5]
        // dH = dS·W2ᵀ = [−0.5·1 + 0.5·2, −0.5·3 + 0.5·(−2)] = [0.5, −2.5]
        // dA = dH where a > 0 = [0.5, 0]  (the second unit was blocked by ReLU)
        // dW1 = xᵀ·dA = [[1·0.5, 0], [2·0.5, 0]] = [[0.5, 0], [1, 0]];  db1 = dA = [0.5, 0]
        Loops.Near(Loops.Rows([-1, 1], [0, 0]), gradient["W2"], 1e-15, "W2");
        Loops.Near(Loops.Rows([-0.5, 0.5]), gradient["b2"], 1e-15, "b2");
        Loops.Near(Loops.Rows([0.5, 0], [1, 0]), gradient["W1"], 1e-15, "W1");
        Loops.Near(Loops.Rows([0.5, 0]), gradient["b1"], 1e-15, "b1");
        Assert.Equal(-Math.Log(0.5 + 1e-7), net.Loss(x, new[] { 0 }), 1e-15);   // −log(y₀ + δ), the book's δ = 1e-7
    }

    [Theory]
    [InlineData(2, 3, 4, 3)]
    [InlineData(5, 20, 10, 5)]
    [InlineData(100, 784, 50, 10)]
    public void Gradient_equals_lesson_6s_formulas_written_out_element_by_element(int batch, int inputs, int hidden, int outputs)
    {
        var net = new TwoLayerNet(inputs, hidden, outputs, weightInitStd: 0.5, seed: 1);
        var x = RandomMatrix.Uniform(batch, inputs, 2, 0, 1);
        var t = RandomMatrix.Labels(batch, outputs, 3);

        var gradient = net.Gradient(x, t);
        var expected = ByLoops(x, t, net.W1.Data, net.B1.Data, net.W2.Data, net.B2.Data);

        foreach (var name in new[] { "W1", "b1", "W2", "b2" })
        {
            // Sums of up to `inputs` products of order-1 numbers in another order: last bits only.
            Loops.Near(expected[name], gradient[name], 1e-12, name);
            Assert.True(expected[name].Enumerate().Any(v => Math.Abs(v) > 1e-6), $"{name}: the expected gradient is all but zero, so this case proves nothing");
        }
    }

    /// <summary>The forward and backward pass of lesson 6 on plain arrays: a = xW1 + b1, h = ReLU(a), s = hW2 + b2, y = softmax(s).</summary>
    private static Dictionary<string, Matrix<double>> ByLoops(Matrix<double> x, int[] t, Matrix<double> w1, Matrix<double> b1, Matrix<double> w2, Matrix<double> b2)
    {
        int n = x.RowCount, inputs = x.ColumnCount, hidden = w1.ColumnCount, outputs = w2.ColumnCount;
        var a = new double[n, hidden];
        var h = new double[n, hidden];
        var dS = new double[n, outputs];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < hidden; j++)
            {
                a[i, j] = b1[0, j];
                for (var k = 0; k < inputs; k++) a[i, j] += x[i, k] * w1[k, j];
                h[i, j] = a[i, j] > 0 ? a[i, j] : 0;
            }
            var s = new double[outputs];
            for (var j = 0; j < outputs; j++)
            {
                s[j] = b2[0, j];
                for (var k = 0; k < hidden; k++) s[j] += h[i, k] * w2[k, j];
            }
            var max = s.Max();
            var total = s.Sum(v => Math.Exp(v - max));
            // ∂L/∂s = (softmax(s) − one-hot(t)) / N for the mean cross-entropy.
            for (var j = 0; j < outputs; j++) dS[i, j] = (Math.Exp(s[j] - max) / total - (j == t[i] ? 1 : 0)) / n;
        }

        var dW2 = Matrix<double>.Build.Dense(hidden, outputs);
        var db2 = Matrix<double>.Build.Dense(1, outputs);
        var dW1 = Matrix<double>.Build.Dense(inputs, hidden);
        var db1 = Matrix<double>.Build.Dense(1, hidden);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < outputs; j++)
            {
                db2[0, j] += dS[i, j];
                for (var k = 0; k < hidden; k++) dW2[k, j] += h[i, k] * dS[i, j];
            }
            for (var k = 0; k < hidden; k++)
            {
                if (a[i, k] <= 0) continue;   // ReLU passes no gradient where its input was ≤ 0
                var dA = 0.0;
                for (var j = 0; j < outputs; j++) dA += dS[i, j] * w2[k, j];
                db1[0, k] += dA;
                for (var m = 0; m < inputs; m++) dW1[m, k] += x[i, m] * dA;
            }
        }
        return new() { ["W1"] = dW1, ["b1"] = db1, ["W2"] = dW2, ["b2"] = db2 };
    }

    private static void Set(Matrix<double> parameter, params double[][] rows)
    {
        for (var i = 0; i < rows.Length; i++)
            for (var j = 0; j < rows[i].Length; j++) parameter[i, j] = rows[i][j];
    }
}
