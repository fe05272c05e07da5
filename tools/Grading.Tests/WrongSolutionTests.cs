using Course.Grading.Catalogue;
using Course.Grading.Running;
using Course.Grading.Tests.Mistakes;

namespace Course.Grading.Tests;

/// <summary>
/// Each mistake in solutions/mistakes/&lt;id&gt;.txt, applied to the reference solution's exercise cell, is graded and
/// must fail with its own words (its "expect:"). A mistake whose lines are no longer in the reference cell fails naming
/// the file, the mistake and the line.
/// </summary>
public class WrongSolutionTests
{
    private static IEnumerable<Mistake> All() =>
        Directory.GetFiles(TestFolders.Mistakes, "*.txt").Order(StringComparer.Ordinal)
            .SelectMany(path => MistakeFile.Read(path, $"solutions/mistakes/{Path.GetFileName(path)}"));

    public static TheoryData<string> Keys()
    {
        var data = new TheoryData<string>();
        foreach (var mistake in All()) data.Add(new TheoryDataRow<string>(mistake.Key) { TestDisplayName = $"wrong solution {mistake.Key}", Label = "" });
        return data;
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public async Task Wrong_solution_fails_with_a_message_naming_the_mistake(string key)
    {
        var mistake = All().Single(m => m.Key == key);
        var spec = ExerciseCatalogue.Get(mistake.Id);
        var code = mistake.Apply(TestFolders.SolvedCell(spec).Code);

        var grade = await Grader.GradeCellAsync(spec, TestFolders.SolvedNotebook(spec).SetupCode, code, TestFolders.CheckCell(spec), TestFolders.Solutions,
            $"{mistake.File}, mistake {mistake.Name}", cancellation: TestContext.Current.CancellationToken);

        Assert.True(grade.Status == GradeStatus.Failed, $"{grade.Status}: {grade.Message}");
        Assert.StartsWith($"❌ EXERCISE {mistake.Id}", grade.Message);
        Assert.Contains("expected", grade.Message);
        Assert.Contains(mistake.Expect, grade.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Every_exercise_has_at_least_two_wrong_solutions()
    {
        var mistakes = All().ToList();

        foreach (var spec in ExerciseCatalogue.All)
            Assert.True(mistakes.Count(m => m.Id == spec.Id) >= 2,
                $"EXERCISE {spec.Id} has {mistakes.Count(m => m.Id == spec.Id)} wrong solutions in solutions/mistakes/{spec.Id}.txt; add at least two");
        Assert.All(mistakes, m => Assert.Contains(ExerciseCatalogue.All, s => s.Id == m.Id));
    }

    [Fact]
    public void Every_mistake_applies_to_the_reference_solution_and_changes_it()
    {
        foreach (var mistake in All())
        {
            var reference = TestFolders.SolvedCell(ExerciseCatalogue.Get(mistake.Id)).Code;
            Assert.NotEqual(reference, mistake.Apply(reference)); // throws naming file, mistake and line when it no longer applies
        }
    }
}
