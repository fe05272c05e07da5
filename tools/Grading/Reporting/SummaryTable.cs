using Course.Grading.Running;

namespace Course.Grading.Reporting;

/// <summary>The per-exercise summary printed at the end of a grading run: exercise | status | message.</summary>
public static class SummaryTable
{
    /// <summary>A Markdown table with a closing count line.</summary>
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
            lines.Add($"| {g.Exercise.DisplayName} | {Status(g.Status)} | {Cell(g.Message)} |");
        lines.Add("");
        lines.Add($"{list.Count(g => g.Status == GradeStatus.Passed)} done, {list.Count(g => g.Status == GradeStatus.NotAttempted)} not attempted, " +
                  $"{list.Count(g => g.Status == GradeStatus.Failed)} failing, of {list.Count} exercises.");
        return string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }

    private static string Status(GradeStatus status) => status switch
    {
        GradeStatus.Passed => "✅ done",
        GradeStatus.NotAttempted => "⏳ not attempted",
        _ => "❌ failing",
    };

    // One table row per exercise: the message on one line, pipes escaped, kept short.
    private static string Cell(string message)
    {
        var first = string.Join(" ", message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Replace("|", "\\|", StringComparison.Ordinal);
        return first.Length > 160 ? first[..157] + "…" : first;
    }
}
