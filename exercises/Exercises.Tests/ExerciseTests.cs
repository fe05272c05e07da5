using Course.Grading.Catalogue;
using Course.Grading.Running;

namespace Course.Exercises.Tests;

/// <summary>One test per exercise: passed, skipped as not attempted (failed in strict mode), or failed with the check's message.</summary>
public class ExerciseTests(GradingRun run)
{
    public static TheoryData<string> Exercises()
    {
        var data = new TheoryData<string>();
        foreach (var spec in ExerciseCatalogue.All) data.Add(new TheoryDataRow<string>(spec.Id) { TestDisplayName = spec.DisplayName, Label = "" });
        return data;
    }

    [Theory]
    [MemberData(nameof(Exercises))]
    public async Task Exercise(string id)
    {
        var grade = await run.GradeOf(id);
        switch (grade.Status)
        {
            case GradeStatus.Passed:
                return;
            case GradeStatus.NotAttempted when run.Strict:
                Assert.Fail($"not attempted (strict mode) — {grade.Location}");
                break;
            case GradeStatus.NotAttempted:
                Assert.Skip($"not attempted — {grade.Location}");
                break;
            default:
                Assert.Fail($"{grade.Message}\n   in {grade.Location}");
                break;
        }
    }
}
