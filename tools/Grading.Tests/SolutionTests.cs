using Course.Grading.Catalogue;
using Course.Grading.Running;

namespace Course.Grading.Tests;

/// <summary>solutions/ graded in strict mode: every exercise passes.</summary>
public class SolutionTests
{
    [Theory]
    [MemberData(nameof(TestFolders.ExerciseIds), MemberType = typeof(TestFolders))]
    public async Task Solution_passes(string id)
    {
        var grade = await Grader.GradeAsync(ExerciseCatalogue.Get(id), TestFolders.Solutions, cancellation: TestContext.Current.CancellationToken);

        Assert.True(grade.Status == GradeStatus.Passed, $"{grade.Status}: {grade.Message}");
        Assert.StartsWith($"✅ EXERCISE {id}", grade.Message);
    }
}
