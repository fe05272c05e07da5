using Backprop.Layers;
using Backprop.Optimizers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>
/// A few update steps on three parameters — W1 and W2 of the same shape (so a velocity or moment shared between
/// parameters shows) and a bias b — with a new gradient for each parameter at every step. An update rule is simulated on
/// the same numbers by <see cref="Simulate"/>, so a check can compare a learner's optimizer with the right rule and with
/// the typical wrong ones, step by step. The gradients cover the edges an update rule meets: W1's first gradient has an
/// entry of exactly 0 (a weight that has never moved), W2's third gradient is 1000 times larger than the others and its
/// fourth is all zeros, and b's gradients are tiny (about 1e-6, so a running mean of their squares is as small as
/// ε² and where ε sits shows).
/// </summary>
internal sealed class OptimizerScenario
{
    public static readonly string[] Names = ["W1", "W2", "b"];

    public OptimizerScenario(int steps, int seed)
    {
        Initial = [CheckData.Matrix(3, 2, seed), CheckData.Matrix(3, 2, seed + 1), CheckData.Matrix(1, 2, seed + 2)];
        Gradients = [.. Enumerable.Range(0, steps).Select(s => Initial.Select((w, k) =>
            CheckData.Matrix(w.RowCount, w.ColumnCount, seed + 10 * (s + 1) + k) * Scale(s, k)).ToArray())];
        Gradients[0][0][0, 0] = 0;
    }

    // Step s (from 0), parameter k (W1, W2, b): alternating sizes, a large and a zero gradient for W2, tiny ones for b.
    private static double Scale(int s, int k) => (k, s) switch
    {
        (1, 2) => 1000,
        (1, 3) => 0,
        (2, _) => s % 2 == 0 ? 1e-6 : 3e-7,
        _ => s % 2 == 0 ? 1.0 : 0.3,
    };

    /// <summary>The parameters' starting values, in the order of <see cref="Names"/>.</summary>
    public Matrix<double>[] Initial { get; }

    /// <summary>Gradients[step][parameter].</summary>
    public Matrix<double>[][] Gradients { get; }

    public int Steps => Gradients.Length;

    /// <summary>
    /// Runs a rule on the scenario: <paramref name="step"/> gets (parameter index, its value, its gradient, its step count t
    /// from 1) and returns the new value; the state it keeps is its own (closures keyed by parameter index).
    /// Returns values[step][parameter] after each step.
    /// </summary>
    public Matrix<double>[][] Simulate(Func<int, Matrix<double>, Matrix<double>, int, Matrix<double>> step)
    {
        var values = Initial.Select(m => m.Clone()).ToArray();
        var result = new Matrix<double>[Steps][];
        for (var s = 0; s < Steps; s++)
        {
            for (var k = 0; k < values.Length; k++) values[k] = step(k, values[k], Gradients[s][k], s + 1);
            result[s] = [.. values.Select(m => m.Clone())];
        }
        return result;
    }

    /// <summary>
    /// Runs the learner's optimizer: fresh <see cref="Parameter"/>s holding copies of the initial values, one Update per
    /// step with all three, and <paramref name="afterStep"/> (step from 1, the parameters, the matrices each started with)
    /// after each. Checks that Update leaves the gradients alone.
    /// </summary>
    public void Run(IOptimizer optimizer, string call, Action<int, Parameter[], Matrix<double>[]> afterStep)
    {
        var parameters = Initial.Select((m, k) => new Parameter(Names[k], m.Clone())).ToArray();
        var matrices = parameters.Select(p => p.Data).ToArray();
        for (var s = 0; s < Steps; s++)
        {
            var grads = Names.Select((n, k) => (n, g: Gradients[s][k].Clone())).ToDictionary(p => p.n, p => p.g);
            optimizer.Update(parameters, grads);
            for (var k = 0; k < Names.Length; k++)
                Expect.Unchanged(grads[Names[k]], Gradients[s][k], $"grads[\"{Names[k]}\"] after {call} (step {s + 1})",
                    "Update wrote into the gradient (e.g. g.Multiply(lr, g)): the gradients belong to the layers; compute into new matrices or into your own state");
            afterStep(s + 1, parameters, matrices);
        }
    }

    /// <summary>Per-parameter state matrices, zeros of each parameter's shape, for <see cref="Simulate"/> rules.</summary>
    public Matrix<double>[] Zeros() => [.. Initial.Select(m => Matrix<double>.Build.Dense(m.RowCount, m.ColumnCount))];

    /// <summary>State shared by parameters of the same shape (W1 and W2 here): what a rule keyed by shape, or a single
    /// field, would do.</summary>
    public Matrix<double>[] SharedByShape()
    {
        var shared = Matrix<double>.Build.Dense(Initial[0].RowCount, Initial[0].ColumnCount);
        return [shared, shared, Matrix<double>.Build.Dense(Initial[2].RowCount, Initial[2].ColumnCount)];
    }
}
