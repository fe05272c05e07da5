using Course.Grading.Catalogue;
using Course.Grading.ExerciseNotebooks;
using Course.Grading.Running;

namespace Course.Exercises.Tests;

/// <summary>
/// Always run, whatever the learner has done: every marker is in place, so every exercise can be found and graded.
/// (That the untouched stubs compile and the solutions carry every marker is the grader's own test, in tools/Grading.Tests.)
/// </summary>
public class IntegrityTests(GradingRun run)
{
    [Fact]
    public void Every_exercise_marker_is_present_once_in_the_graded_folder()
    {
        var problems = NotebookIntegrity.Problems(run.Folder, ExerciseCatalogue.All);
        if (problems.Count > 0) Assert.Fail(Explain(problems));
    }

    private static string Explain(IReadOnlyList<string> problems) =>
        "the exercise markers need repair:\n" + string.Join("\n", problems.Select(p => " - " + p));
}
