using Course.Grading.Catalogue;
using Course.Grading.ExerciseNotebooks;
using Course.Grading.Running;

namespace Course.Grading.Tests;

/// <summary>
/// Each file in WrongSolutions/ is a wrong exercise cell: its marker line names the exercise and its
/// "// EXPECT:" line the words the failure message must contain (the name of the mistake).
/// </summary>
public class WrongSolutionTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Course.WrongSolutions, "*.csx").Order(StringComparer.Ordinal))
            data.Add(new TheoryDataRow<string>(Path.GetFileName(file)) { TestDisplayName = $"wrong solution {Path.GetFileNameWithoutExtension(file)}" });
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Wrong_solution_fails_with_a_message_naming_the_mistake(string file)
    {
        var code = File.ReadAllText(Path.Combine(Course.WrongSolutions, file)).ReplaceLineEndings("\n");
        var (id, _) = ExerciseNotebook.Marker(code) ?? throw new InvalidDataException($"{file}: the first line must be an EXERCISE marker");
        var expect = code.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("// EXPECT:", StringComparison.Ordinal))["// EXPECT:".Length..].Trim();
        var spec = ExerciseCatalogue.Get(id);

        var grade = await Grader.GradeCellAsync(spec, Course.SolvedNotebook(spec).SetupCode, code, Course.Solutions, file,
            cancellation: TestContext.Current.CancellationToken);

        Assert.True(grade.Status == GradeStatus.Failed, $"{grade.Status}: {grade.Message}");
        Assert.StartsWith($"❌ EXERCISE {id}", grade.Message);
        Assert.Contains("expected", grade.Message);
        Assert.Contains(expect, grade.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Every_exercise_has_at_least_two_wrong_solutions()
    {
        var ids = Directory.GetFiles(Course.WrongSolutions, "*.csx")
            .Select(f => ExerciseNotebook.Marker(File.ReadAllText(f))?.Id).ToList();

        foreach (var spec in ExerciseCatalogue.All)
            Assert.True(ids.Count(i => i == spec.Id) >= 2, $"EXERCISE {spec.Id} has {ids.Count(i => i == spec.Id)} wrong solutions in WrongSolutions/; add at least two");
    }
}
