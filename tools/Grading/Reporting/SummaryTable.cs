using Course.Grading.Running;

namespace Course.Grading.Reporting;

/// <summary>
/// The per-exercise summary of a grading run: as Markdown for the summary file, and as a compact text table that
/// `dotnet test` shows last, one line per exercise and a count line ("3 passed, 1 failed, 16 not attempted").
/// </summary>
public static class SummaryTable
{
    private const int MessageWidth = 150;

    /// <summary>A Markdown table (exercise | status | message) with the count line under it.</summary>
    public static string Markdown(IEnumerable<ExerciseGrade> grades, string folder, bool strict)
    {
        var list = grades.ToList();
        var lines = new List<string>
        {
            $"## Grading summary — {folder}{(strict ? " (strict: not attempted counts as failed)" : "")}",
            "",
            "| exercise | status | message |",
            "|---|---|---|",
        };
        foreach (var g in list)
            lines.Add($"| {g.Exercise.DisplayName} | {Status(g.Status)} | {OneLine(g.Message, int.MaxValue).Replace("|", "\\|", StringComparison.Ordinal)} |");
        lines.Add("");
        lines.Add(Count(list));
        return string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }

    /// <summary>
    /// One line per exercise in catalogue order — ✅ passed, ❌ failed with what was wrong and the hint (expected versus got
    /// are in the failed test's message and the summary file), ⏳ not attempted —
    /// then the count line and where the full summary was written (<paramref name="summaryFile"/>, if any).
    /// </summary>
    public static string Text(IEnumerable<ExerciseGrade> grades, string folder, bool strict, string? summaryFile = null)
    {
        var list = grades.ToList();
        var idWidth = list.Count == 0 ? 0 : list.Max(g => g.Exercise.Id.Length);
        var titleWidth = list.Count == 0 ? 0 : list.Max(g => g.Exercise.Title.Length);
        var lines = new List<string> { $"Your exercises in {folder}/{(strict ? " (strict: not attempted counts as failed)" : "")}:" };
        foreach (var g in list)
        {
            var row = $"  {Symbol(g.Status)} {g.Exercise.Id.PadRight(idWidth)}  {g.Exercise.Title.PadRight(titleWidth)}  ";
            row += g.Status switch
            {
                GradeStatus.Passed => "passed",
                GradeStatus.NotAttempted => "not attempted",
                _ when g.Check is { What: { } what } check => OneLine($"wrong {what}{(check.Hint is null ? "" : $" — hint: {check.Hint}")}", MessageWidth),
                _ => OneLine(WithoutHeading(g), MessageWidth),
            };
            lines.Add(row.TrimEnd());
        }
        lines.Add(Count(list) + (summaryFile is null ? "" : $" — summary in {summaryFile}"));
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>"3 passed, 1 failed, 16 not attempted".</summary>
    public static string Count(IReadOnlyCollection<ExerciseGrade> grades) =>
        $"{grades.Count(g => g.Status == GradeStatus.Passed)} passed, {grades.Count(g => g.Status == GradeStatus.Failed)} failed, " +
        $"{grades.Count(g => g.Status == GradeStatus.NotAttempted)} not attempted";

    private static string Status(GradeStatus status) => status switch
    {
        GradeStatus.Passed => "✅ passed",
        GradeStatus.NotAttempted => "⏳ not attempted",
        _ => "❌ failed",
    };

    private static string Symbol(GradeStatus status) => status switch
    {
        GradeStatus.Passed => "✅",
        GradeStatus.NotAttempted => "⏳",
        _ => "❌",
    };

    // A check's message repeats the exercise ("❌ EXERCISE 3.2 Sigmoid backward — values …"); the row already names it.
    private static string WithoutHeading(ExerciseGrade grade)
    {
        var heading = $"EXERCISE {grade.Exercise.Id} {grade.Exercise.Title} — ";
        var at = grade.Message.IndexOf(heading, StringComparison.Ordinal);
        return at is >= 0 and <= 3 ? grade.Message[(at + heading.Length)..] : grade.Message;
    }

    // One row per exercise: the message on one line, kept short (the failed test above the table has it in full).
    private static string OneLine(string message, int width)
    {
        var line = string.Join(" ", message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        return line.Length > width ? line[..(width - 1)] + "…" : line;
    }
}
