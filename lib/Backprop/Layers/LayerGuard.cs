using Backprop.Errors;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Layers;

/// <summary>The checks every layer makes, so their messages read the same everywhere.</summary>
internal static class LayerGuard
{
    public static string Where(object layer, string name, string step) => $"{layer.GetType().Name} '{name}'.{step}";

    public static void RequireInput(Matrix<double> x, object layer, string name) =>
        Shape.RequireRows(x, Where(layer, name, "Forward"), "x");

    /// <summary>Backward needs a Forward first, and dout must have the shape Forward produced.</summary>
    public static void RequireBackward(Matrix<double>? cachedOut, Matrix<double> dout, object layer, string name, string step = "Backward")
    {
        if (cachedOut is null)
            throw new InvalidOperationException(
                $"{Where(layer, name, step)} was called before Forward: nothing is cached yet, so there is nothing to differentiate.");
        ArgumentNullException.ThrowIfNull(dout);
        if (!Shape.Same(cachedOut, dout))
            throw new ShapeMismatchException(
                $"{Where(layer, name, step)}: dout is {Shape.Of(dout)} but Forward produced {Shape.Of(cachedOut)} (dout must have the output's shape).");
    }
}
