using System.Globalization;
using Backprop.Errors;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>
/// The comparisons a check makes. A wrong value is compared with the typical wrong answers (recomputed on the
/// same data) so the hint can name the mistake instead of only saying "wrong".
/// </summary>
internal static class Expect
{
    // Values of order 1 computed two ways agree to ~1e-15; 1e-9 leaves room without letting a real mistake through.
    private const double Absolute = 1e-9, Relative = 1e-7;

    public static bool Close(double got, double expected, double absolute = Absolute, double relative = Relative) =>
        Math.Abs(got - expected) <= absolute + relative * Math.Abs(expected);

    public static bool Close(Matrix<double> got, Matrix<double> expected, double absolute = Absolute, double relative = Relative)
    {
        if (!Shape.Same(got, expected)) return false;
        for (var i = 0; i < got.RowCount; i++)
            for (var j = 0; j < got.ColumnCount; j++)
                if (!Close(got.At(i, j), expected.At(i, j), absolute, relative)) return false;
        return true;
    }

    /// <summary>The library's relative error of two gradients (backprop first): the largest over elements of |a − n| / max(1e-8, |a| + |n|).</summary>
    public static double RelativeError(Matrix<double> backprop, Matrix<double> numerical) =>
        Backprop.Gradients.GradientCheck.Compare("g", numerical, backprop).RelativeError;

    /// <summary>
    /// Runs a learner's Backward: an index past a matrix or a product whose shapes do not fit becomes a failure with
    /// the hint for this layer (<paramref name="indexHint"/>: which loop bound; <paramref name="shapeHint"/>: which product).
    /// </summary>
    public static Matrix<double> Backward(Func<Matrix<double>> backward, string size, string indexHint, string shapeHint, string fitting = "products whose shapes fit")
    {
        try { return backward(); }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            throw new CheckFailedException($"Backward(dout) for {size}", "indices inside the matrices", $"{e.GetType().Name}: {e.Message}", indexHint);
        }
        catch (ArgumentException e)
        {
            throw new CheckFailedException($"Backward(dout) for {size}", fitting, $"{e.GetType().Name}: {e.Message}", shapeHint);
        }
    }

    public static void NotNull<T>(T? value, string what) where T : class
    {
        if (value is null) throw new CheckFailedException(what, "a matrix", "null", "return a new matrix; null means nothing was computed");
    }

    public static void Shaped(Matrix<double> got, int rows, int columns, string what, string hint)
    {
        NotNull(got, what);
        if (got.RowCount != rows || got.ColumnCount != columns)
            throw new CheckFailedException($"shape of {what}", $"{rows}×{columns}", Shape.Of(got), hint);
    }

    public static void Value(double got, double expected, string what, string fallbackHint, params Mistake<double>[] mistakes)
    {
        if (Close(got, expected)) return;
        var hint = mistakes.FirstOrDefault(m => Close(got, m.WrongAnswer))?.Hint ?? fallbackHint;
        throw new CheckFailedException($"values of {what}", Text(expected), Text(got), hint);
    }

    public static void Values(Matrix<double> got, Matrix<double> expected, string what, string fallbackHint, params Mistake<Matrix<double>>[] mistakes)
    {
        if (Close(got, expected)) return;
        var hint = mistakes.FirstOrDefault(m => Close(got, m.WrongAnswer))?.Hint ?? fallbackHint;
        throw new CheckFailedException($"values of {what}", Text(expected), Text(got), hint);
    }

    /// <summary>The argument a layer received must be as it was: callers keep using dout and x.</summary>
    public static void Unchanged(Matrix<double> after, Matrix<double> before, string what, string hint)
    {
        if (!after.Equals(before))
            throw new CheckFailedException($"{what} after the call (it must not change)", Text(before), Text(after), hint);
    }

    /// <summary>Like <see cref="Unchanged"/>, for a matrix that must survive a later call: <paramref name="since"/> says which.</summary>
    public static void UnchangedSince(Matrix<double> after, Matrix<double> before, string what, string since, string hint)
    {
        if (!after.Equals(before))
            throw new CheckFailedException($"{what} {since} (it must not change)", Text(before), Text(after), hint);
    }

    /// <summary>Backward compared with central differences of Σ(Forward(x) ⊙ dout), whose gradient is exactly dx.</summary>
    public static void MatchesNumericalGradient(Matrix<double> analytic, Matrix<double> numerical, string what, string hint)
    {
        // Central differences with h = 1e-4 are accurate to ~1e-8 on these smooth functions.
        if (Close(analytic, numerical, 1e-6, 1e-4)) return;
        throw new CheckFailedException($"gradient check of {what}", $"{Text(numerical)} (numerical)", Text(analytic), hint);
    }

    public static string Text(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    public static string Text(Matrix<double> m)
    {
        const int Shown = 8;
        var values = m.EnumerateRows().Select(r => r.Select(v => Text(v == 0 ? 0.0 : v)));
        var rows = values.Select(r => string.Join(", ", r)).ToList();
        var all = "[" + string.Join("; ", rows) + "]";
        var count = m.RowCount * m.ColumnCount;
        if (count > Shown)
        {
            // Row by row, as the full text reads (MathNet's Enumerate() runs down the columns).
            var first = m.EnumerateRows().SelectMany(r => r).Take(Shown).Select(v => Text(v == 0 ? 0.0 : v));
            all = "[" + string.Join(", ", first) + ", …]";
        }
        return $"{all} ({Shape.Of(m)})";
    }
}
