using Course.Grading.Catalogue;
using Course.Grading.ExerciseNotebooks;
using Course.Grading.Running;
using Course.NotebookEngine.Running;

namespace Course.Grading.Tests;

/// <summary>
/// The pristine stubs are not attempted, never failed. The stubs are made from solutions/ (so a learner's edits in
/// exercises/ do not matter here) and run for real, without the hash short-cut, to prove the NotImplementedException path.
/// </summary>
public class PristineTests
{
    [Theory]
    [MemberData(nameof(TestFolders.ExerciseIds), MemberType = typeof(TestFolders))]
    public async Task Stub_made_from_the_solution_matches_the_catalogue_hash_and_is_not_attempted(string id)
    {
        var spec = ExerciseCatalogue.Get(id);
        var notebook = TestFolders.SolvedNotebook(spec);
        var stub = StubMaker.Stub(notebook.Markers.Single(m => m.Id == id).Code);

        Assert.True(CellHash.Of(stub) == spec.StubHash,
            $"the catalogue's stub hash of EXERCISE {id} is out of date (it should be \"{CellHash.Of(stub)}\"); run `dotnet run --project tools/Cli -- catalogue`");
        var grade = await Grader.GradeCellAsync(spec, notebook.SetupCode, stub, TestFolders.CheckCell(spec), TestFolders.Solutions, $"stub of EXERCISE {id}",
            new GradingOptions { TrustStubHash = false }, TestContext.Current.CancellationToken);
        Assert.True(grade.Status == GradeStatus.NotAttempted, $"{grade.Status}: {grade.Message}");
        Assert.Contains($"not attempted — stub of EXERCISE {id}", grade.Message);
    }

    [Theory]
    [MemberData(nameof(TestFolders.ExerciseIds), MemberType = typeof(TestFolders))]
    public async Task Untouched_exercise_in_exercises_folder_is_skipped_as_not_attempted(string id)
    {
        var spec = ExerciseCatalogue.Get(id);
        var cell = ExerciseNotebook.Load(Path.Combine(TestFolders.Exercises, spec.Notebook)).Markers.Single(m => m.Id == id);
        if (CellHash.Of(cell.Code) != spec.StubHash)
        {
            // On a clean clone (CI) every cell is the stub; a learner's work in progress is graded by exercises/Exercises.Tests.
            Assert.Skip($"exercises/{spec.Notebook}, EXERCISE {id} has been worked on; the pristine check runs on a clean clone");
        }

        var grade = await Grader.GradeAsync(spec, TestFolders.Exercises, cancellation: TestContext.Current.CancellationToken);

        Assert.Equal(GradeStatus.NotAttempted, grade.Status);
        Assert.Equal($"not attempted — exercises/{spec.Notebook}, EXERCISE {id}", grade.Message);
    }

    public static TheoryData<string> Notebooks() => new(ExerciseCatalogue.All.Select(s => s.Notebook).Distinct());

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Untouched_exercise_stubs_compile_with_the_setup_code(string notebook)
    {
        var path = Path.Combine(TestFolders.Exercises, notebook);
        Assert.True(File.Exists(path), $"exercises/{notebook} is missing");
        var parsed = ExerciseNotebook.Load(path);
        var stubs = parsed.Markers
            .Where(m => ExerciseCatalogue.All.FirstOrDefault(s => s.Id == m.Id) is { } spec && CellHash.Of(m.Code) == spec.StubHash)
            .ToList();

        var result = await NotebookRunner.RunCodeAsync([.. parsed.SetupCode, .. stubs.Select(s => s.Code)], Path.GetDirectoryName(parsed.Path)!,
            new RunOptions { CellTimeout = TimeSpan.FromSeconds(60) }, TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, $"exercises/{notebook}: {result.FailureSummary}");
    }

    [Fact]
    public void Exercises_and_solutions_have_every_marker_once()
    {
        Assert.Empty(NotebookIntegrity.Problems(TestFolders.Exercises, ExerciseCatalogue.All));
        Assert.Empty(NotebookIntegrity.Problems(TestFolders.Solutions, ExerciseCatalogue.All));
    }
}
