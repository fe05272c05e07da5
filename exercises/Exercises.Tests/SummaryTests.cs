using Course.Grading.Reporting;

namespace Course.Exercises.Tests;

/// <summary>
/// The table of the learner's exercises, shown last by `dotnet test`. It is reported as a skipped test because a skip's
/// reason is what `dotnet test` prints whatever the outcome (a passed test prints nothing, the test app's own output shows
/// only when it fails); <see cref="TestOrder"/> runs it after every exercise, so it is the last thing above the totals.
/// </summary>
public class SummaryTests(GradingRun run)
{
    [Fact(DisplayName = "Grading summary")]
    public async Task Grading_summary()
    {
        var grades = await run.AllGrades();
        await run.WriteSummaryAsync();
        var table = SummaryTable.Text(grades, run.FolderName, run.Strict, run.SummaryFileShown);
        Assert.Skip(table);
    }
}
