using Course.Grading.Catalogue;
using Course.Grading.Running;

namespace Course.Grading.Tests;

/// <summary>solutions/ graded in strict mode: every exercise passes.</summary>
public class SolutionTests
{
    [Theory]
    [MemberData(nameof(Course.ExerciseIds), MemberType = typeof(Course))]
    public async Task Solution_passes(string id)
    {
        var grade = await Grader.GradeAsync(ExerciseCatalogue.Get(id), Course.Solutions, cancellation: TestContext.Current.CancellationToken);

        Assert.True(grade.Status == GradeStatus.Passed, $"{grade.Status}: {grade.Message}");
        Assert.StartsWith($"✅ EXERCISE {id}", grade.Message);
    }
}
