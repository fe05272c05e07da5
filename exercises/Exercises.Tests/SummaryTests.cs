using Course.Grading.Reporting;

namespace Course.Exercises.Tests;

/// <summary>The per-exercise summary table, as this test's output (shown by `dotnet test --output detailed`).</summary>
public class SummaryTests(GradingRun run)
{
    [Fact]
    public async Task Grading_summary()
    {
        var table = SummaryTable.Markdown(await run.AllGrades(), run.FolderName, run.Strict);
        TestContext.Current.TestOutputHelper?.WriteLine(table);
        Console.WriteLine(table);
    }
}
