using Backprop.Errors;
using Backprop.Layers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Optimizers;

/// <summary>Argument checks shared by the update rules, so each rule's Update reads as its formula.</summary>
internal static class OptimizerGuard
{
    public static double LearningRate(double learningRate)
    {
        if (!(learningRate > 0) || !double.IsFinite(learningRate))
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be a positive finite number.");
        return learningRate;
    }

    /// <summary>A decay rate such as momentum or β: in [0, 1).</summary>
    public static double Rate(double rate, string name)
    {
        if (!(rate >= 0 && rate < 1))
            throw new ArgumentOutOfRangeException(name, rate, $"{name} must be in [0, 1).");
        return rate;
    }

    /// <summary>The gradient named like <paramref name="parameter"/>, of its shape.</summary>
    public static Matrix<double> GradientOf(Parameter parameter, IReadOnlyDictionary<string, Matrix<double>> grads, string optimizer)
    {
        if (!grads.TryGetValue(parameter.Name, out var grad))
            throw new KeyNotFoundException($"{optimizer}.Update: there is no gradient named \"{parameter.Name}\" (gradients: {string.Join(", ", grads.Keys)}).");
        if (!Shape.Same(grad, parameter.Data))
            throw new ShapeMismatchException($"{optimizer}.Update: {parameter.Name} is {Shape.Of(parameter.Data)} but its gradient is {Shape.Of(grad)}.");
        return grad;
    }

    public static void NotNull(IEnumerable<Parameter> parameters, IReadOnlyDictionary<string, Matrix<double>> grads)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(grads);
    }

    /// <summary>The state matrix kept for <paramref name="parameter"/>, zeros of its shape the first time.</summary>
    public static Matrix<double> StateOf(Dictionary<Parameter, Matrix<double>> state, Parameter parameter)
    {
        if (!state.TryGetValue(parameter, out var m))
            state[parameter] = m = Matrix<double>.Build.Dense(parameter.Data.RowCount, parameter.Data.ColumnCount);
        return m;
    }
}
