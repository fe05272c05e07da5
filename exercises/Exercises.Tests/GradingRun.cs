using Course.Grading.Catalogue;
using Course.Grading.Reporting;
using Course.Grading.Running;

[assembly: AssemblyFixture(typeof(Course.Exercises.Tests.GradingRun))]

namespace Course.Exercises.Tests;

/// <summary>
/// Grades every exercise once per test run and writes the summary file: TestResults/grading-summary.md at the
/// repository root for the learner's run (exercises/, not strict); any other folder or strict mode writes
/// grading-summary-&lt;folder&gt;[-strict].md beside it, so an instructor's run never overwrites the learner's.
/// </summary>
public sealed class GradingRun : IAsyncDisposable
{
    private readonly Lazy<Task<IReadOnlyList<ExerciseGrade>>> _grades;
    private readonly SemaphoreSlim _writing = new(1, 1);
    private bool _written;

    public GradingRun()
    {
        Folder = GradingEnvironment.ExercisesFolder();
        Strict = GradingEnvironment.Strict;
        _grades = new(() => Grader.GradeAllAsync(Folder, ExerciseCatalogue.All));
        SummaryFile = Path.Combine(GradingEnvironment.RepositoryRoot(), "TestResults", SummaryFileName(FolderName, Strict));
    }

    /// <summary>The folder graded ($COURSE_EXERCISES_DIR or exercises/).</summary>
    public string Folder { get; }

    /// <summary>$COURSE_STRICT=1: not attempted fails.</summary>
    public bool Strict { get; }

    /// <summary>The folder graded, relative to the repository root ("exercises").</summary>
    public string FolderName => Path.GetRelativePath(GradingEnvironment.RepositoryRoot(), Folder).Replace('\\', '/');

    /// <summary>Where the Markdown summary goes.</summary>
    public string SummaryFile { get; }

    /// <summary>The summary file, relative to the repository root ("TestResults/grading-summary.md").</summary>
    public string SummaryFileShown => Path.GetRelativePath(GradingEnvironment.RepositoryRoot(), SummaryFile).Replace('\\', '/');

    /// <summary>"grading-summary.md" for exercises/ graded leniently; "grading-summary-solutions-strict.md" and the like otherwise.</summary>
    public static string SummaryFileName(string folderName, bool strict)
    {
        if (folderName == "exercises" && !strict) return "grading-summary.md";
        var name = new string(folderName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray()).Trim('-');
        return $"grading-summary-{(name.Length == 0 ? "folder" : name)}{(strict ? "-strict" : "")}.md";
    }

    /// <summary>Every exercise's grade (the grading starts on the first call).</summary>
    public Task<IReadOnlyList<ExerciseGrade>> AllGrades() => _grades.Value;

    /// <summary>The grade of one exercise.</summary>
    public async Task<ExerciseGrade> GradeOf(string id) => (await _grades.Value).Single(g => g.Exercise.Id == id);

    /// <summary>Writes the summary file once (the summary test does it; the end of the run does it if that test was filtered out).</summary>
    public async Task WriteSummaryAsync()
    {
        var grades = await _grades.Value;
        await _writing.WaitAsync();
        try
        {
            if (_written) return;
            Directory.CreateDirectory(Path.GetDirectoryName(SummaryFile)!);
            await File.WriteAllTextAsync(SummaryFile, SummaryTable.Markdown(grades, FolderName, Strict));
            _written = true;
        }
        finally { _writing.Release(); }
    }

    public async ValueTask DisposeAsync()
    {
        if (_grades.IsValueCreated) await WriteSummaryAsync();
        _writing.Dispose();
    }
}
