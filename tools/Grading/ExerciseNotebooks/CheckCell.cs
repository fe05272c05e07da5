using System.Text.RegularExpressions;
using Backprop.Checks;
using Course.Grading.Catalogue;

namespace Course.Grading.ExerciseNotebooks;

/// <summary>
/// The check cell under an exercise: the first code cell after the exercise cell that calls the checks, e.g.
/// <c>Lesson3Checks.ReluBackward(() => new MyRelu())</c>. The check call exists only there: the grader runs the graded
/// notebook's own cell once its hash is the catalogue's, written from the global namespace.
/// </summary>
public static partial class CheckCell
{
    // The public types of the checks (CheckResult's namespace, in its assembly) by the name a cell writes: "Lesson3Checks".
    private static readonly Lazy<IReadOnlyDictionary<string, string>> CheckTypes = new(() =>
        typeof(CheckResult).Assembly.GetExportedTypes()
            .Where(t => !t.IsNested && t.Namespace == typeof(CheckResult).Namespace)
            .Select(t => t.FullName!.Split('`')[0])
            .Distinct()
            .ToDictionary(full => full[(full.LastIndexOf('.') + 1)..]));

    /// <summary>The check cell under <paramref name="exercise"/> (number and code), or null: how the catalogue command finds it in solutions/.</summary>
    public static (int Number, string Code)? Find(ExerciseNotebook notebook, ExerciseMarker exercise) =>
        notebook.CellsAfter(exercise).Where(c => CallsChecks(c.Code)).Select(c => ((int, string)?)c).FirstOrDefault();

    /// <summary>
    /// The check cell under <paramref name="exercise"/> whose hash is the catalogue's, or the problem to report: the cell
    /// was changed, or there is none (<paramref name="shown"/> names the notebook as the learner finds it).
    /// </summary>
    public static (string? Code, string? Problem) Verified(ExerciseNotebook notebook, ExerciseMarker exercise, ExerciseSpec spec, string shown)
    {
        var after = notebook.CellsAfter(exercise);
        // A cell with the catalogue's hash is the genuine check call, even when the learner put cells of their own above it.
        foreach (var (_, code) in after)
            if (CellHash.Of(code) == spec.CheckCellHash) return (code, null);
        var restore = $"`git diff {shown}` shows what changed, `git checkout -p {shown}` undoes one change at a time";
        return after.FirstOrDefault(c => CallsChecks(c.Code)) is { Code: not null } changed
            ? (null, $"the check cell under EXERCISE {spec.Id} in {shown} (cell {changed.Number}) was changed; restore it ({restore})")
            : (null, $"the check cell under EXERCISE {spec.Id} in {shown} is missing (the code cell after the exercise cell that calls its check); restore it ({restore})");
    }

    /// <summary>
    /// The check call written from the global namespace: "Backprop." becomes "global::Backprop.", and a name of a check
    /// type not preceded by '.' or '::' becomes "global::Backprop.Checks.Name" — so that a class the learner names
    /// Backprop or Lesson3Checks cannot stand in for the checks.
    /// </summary>
    public static string Qualified(string code)
    {
        var library = LibraryName().Replace(code, "global::Backprop.");
        return Identifier().Replace(library, m => CheckTypes.Value.TryGetValue(m.Value, out var full) ? "global::" + full : m.Value);
    }

    /// <summary>True when <paramref name="code"/> names a check type (a public type of the checks' namespace).</summary>
    public static bool CallsChecks(string code) =>
        code.Contains("Backprop.Checks.", StringComparison.Ordinal) || Identifier().Matches(code).Any(m => CheckTypes.Value.ContainsKey(m.Value));

    [GeneratedRegex(@"(?<![\w.:@])Backprop\.")]
    private static partial Regex LibraryName();

    [GeneratedRegex(@"(?<![\w@]|\.|::)[A-Za-z_]\w*")]
    private static partial Regex Identifier();
}
