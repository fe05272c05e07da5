using Course.Grading.Catalogue;
using Course.Grading.ExerciseNotebooks;
using Course.Grading.Running;
using Course.NotebookEngine.Running;

namespace Course.Exercises.Tests;

/// <summary>Always run, whatever the learner has done: the markers are in place and the untouched stubs compile.</summary>
public class IntegrityTests(GradingRun run)
{
    [Fact]
    public void Every_exercise_marker_is_present_once_in_the_graded_folder()
    {
        var problems = NotebookIntegrity.Problems(run.Folder, ExerciseCatalogue.All);
        if (problems.Count > 0) Assert.Fail(Explain(problems));
    }

    [Fact]
    public void Every_exercise_marker_is_present_once_in_solutions()
    {
        var solutions = Path.Combine(GradingEnvironment.RepositoryRoot(), "solutions");
        if (!Directory.Exists(solutions)) Assert.Skip("no solutions/ folder (an instructor may have removed it from the learners' copy)");
        var problems = NotebookIntegrity.Problems(solutions, ExerciseCatalogue.All);
        if (problems.Count > 0) Assert.Fail(Explain(problems));
    }

    public static TheoryData<string> Notebooks() => new(ExerciseCatalogue.All.Select(s => s.Notebook).Distinct());

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Untouched_exercise_stubs_compile_with_the_setup_code(string notebook)
    {
        var path = Path.Combine(run.Folder, notebook);
        Assert.True(File.Exists(path), $"{NotebookIntegrity.Shown(run.Folder, notebook)} is missing");
        var parsed = ExerciseNotebook.Load(path);
        var stubs = parsed.Markers
            .Where(m => ExerciseCatalogue.All.FirstOrDefault(s => s.Id == m.Id) is { } spec && CellHash.Of(m.Code) == spec.StubHash)
            .ToList();
        if (stubs.Count == 0) return; // every exercise has been worked on; the exercise tests compile them one by one

        var result = await NotebookRunner.RunCodeAsync([.. parsed.SetupCode, .. stubs.Select(s => s.Code)], Path.GetDirectoryName(parsed.Path)!,
            new RunOptions { CellTimeout = TimeSpan.FromSeconds(60) }, TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, $"{NotebookIntegrity.Shown(run.Folder, notebook)}: {result.FailureSummary}");
    }

    private static string Explain(IReadOnlyList<string> problems) =>
        "the exercise markers need repair:\n" + string.Join("\n", problems.Select(p => " - " + p));
}
