using Course.Grading.Catalogue;
using Course.Grading.Reporting;
using Course.Grading.Running;

[assembly: AssemblyFixture(typeof(Course.Exercises.Tests.GradingRun))]

namespace Course.Exercises.Tests;

/// <summary>
/// Grades every exercise once per test run, two at a time, and prints the summary table when the run ends
/// (to the console and to TestResults/grading-summary.md beside this project).
/// </summary>
public sealed class GradingRun : IAsyncDisposable
{
    private readonly Lazy<Task<IReadOnlyList<ExerciseGrade>>> _grades;

    public GradingRun()
    {
        Folder = GradingEnvironment.ExercisesFolder();
        Strict = GradingEnvironment.Strict;
        _grades = new(() => Grader.GradeAllAsync(Folder, ExerciseCatalogue.All));
    }

    /// <summary>The folder graded ($COURSE_EXERCISES_DIR or exercises/).</summary>
    public string Folder { get; }

    /// <summary>$COURSE_STRICT=1: not attempted fails.</summary>
    public bool Strict { get; }

    /// <summary>The folder graded, relative to the repository root ("exercises").</summary>
    public string FolderName => Path.GetRelativePath(GradingEnvironment.RepositoryRoot(), Folder);

    /// <summary>Every exercise's grade (the grading starts on the first call).</summary>
    public Task<IReadOnlyList<ExerciseGrade>> AllGrades() => _grades.Value;

    /// <summary>The grade of one exercise.</summary>
    public async Task<ExerciseGrade> GradeOf(string id) => (await _grades.Value).Single(g => g.Exercise.Id == id);

    public async ValueTask DisposeAsync()
    {
        if (!_grades.IsValueCreated) return;
        var grades = await _grades.Value;
        var table = SummaryTable.Markdown(grades, FolderName, Strict);
        var results = Path.Combine(GradingEnvironment.RepositoryRoot(), "exercises", "Exercises.Tests", "TestResults");
        Directory.CreateDirectory(results);
        await File.WriteAllTextAsync(Path.Combine(results, "grading-summary.md"), table);
        Console.WriteLine();
        Console.WriteLine(table);
    }
}
