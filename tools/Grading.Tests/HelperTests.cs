using Backprop.Checks;
using Course.Grading.Catalogue;
using Course.Grading.ExerciseNotebooks;
using Course.Grading.Reporting;
using Course.Grading.Running;

namespace Course.Grading.Tests;

/// <summary>Stub making, cell fingerprints and the summary table.</summary>
public class HelperTests
{
    [Fact]
    public void Stub_replaces_each_solution_region_with_a_throw_at_its_indentation()
    {
        const string Solved = "// EXERCISE 9.9: t\nint F()\n{\n    // BEGIN SOLUTION\n    return 1;\n    // END SOLUTION\n}";

        Assert.Equal("// EXERCISE 9.9: t\nint F()\n{\n    throw new NotImplementedException();\n}", StubMaker.Stub(Solved));
    }

    [Theory]
    [InlineData("int F() => 1;")]
    [InlineData("// BEGIN SOLUTION\nreturn 1;")]
    [InlineData("// END SOLUTION")]
    public void Stub_rejects_cells_without_a_balanced_solution_region(string code) =>
        Assert.Throws<FormatException>(() => StubMaker.Stub(code));

    [Fact]
    public void Cell_hash_ignores_whitespace_and_the_kernel_selector_but_not_code()
    {
        var hash = CellHash.Of("int x = 1;\nint y = 2;");

        Assert.Equal(hash, CellHash.Of("#!csharp\r\n  int x  = 1;\r\n\tint y = 2;  \r\n"));
        Assert.NotEqual(hash, CellHash.Of("int x = 1;\nint y = 3;"));
    }

    [Fact]
    public void Summary_table_has_one_row_per_exercise_and_counts_them()
    {
        var specs = ExerciseCatalogue.All.Take(3).ToList();
        var grades = new[]
        {
            new ExerciseGrade(specs[0], GradeStatus.Passed, "✅ fine", "l", TimeSpan.Zero),
            new ExerciseGrade(specs[1], GradeStatus.NotAttempted, "not attempted — x", "l", TimeSpan.Zero),
            new ExerciseGrade(specs[2], GradeStatus.Failed, "❌ a | b\nsecond line", "l", TimeSpan.Zero),
        };

        var table = SummaryTable.Markdown(grades, "exercises", strict: false);

        Assert.Contains($"| {specs[0].DisplayName} | ✅ passed | ✅ fine |", table);
        Assert.Contains($"| {specs[1].DisplayName} | ⏳ not attempted | not attempted — x |", table);
        Assert.Contains($"| {specs[2].DisplayName} | ❌ failed | ❌ a \\| b second line |", table);
        Assert.Contains("1 passed, 1 failed, 1 not attempted", table);
    }

    [Fact]
    public void Text_table_shows_each_exercise_on_one_line_with_the_failure_message_and_the_count()
    {
        var leakyRelu = ExerciseCatalogue.Get("3.1");
        var softplus = ExerciseCatalogue.Get("3.2");
        var tanh = ExerciseCatalogue.Get("3.3");
        var grades = new[]
        {
            new ExerciseGrade(leakyRelu, GradeStatus.Passed, "✅ EXERCISE 3.1 LeakyReLU layer — all checks passed", "l", TimeSpan.Zero),
            new ExerciseGrade(softplus, GradeStatus.Failed, "❌ EXERCISE 3.2 A Softplus layer — values: expected 1, got 2 — hint: times dout", "l", TimeSpan.Zero,
                new CheckResult("3.2", "A Softplus layer", CheckStatus.Failed, "values", "1", "2", "times dout")),
            new ExerciseGrade(ExerciseCatalogue.Get("2.1"), GradeStatus.Failed, "your exercise cell does not compile (…):\n(5,72): error CS1002: ; expected", "l", TimeSpan.Zero),
            new ExerciseGrade(tanh, GradeStatus.NotAttempted, "not attempted — x", "l", TimeSpan.Zero),
        };

        var lines = SummaryTable.Text(grades, "exercises", strict: false, "TestResults/grading-summary.md").Split(Environment.NewLine);

        Assert.Equal(
        [
            "Your exercises in exercises/:",
            "  ✅ 3.1  LeakyReLU layer           passed",
            "  ❌ 3.2  A Softplus layer          wrong values — hint: times dout",
            "  ❌ 2.1  A max layer               your exercise cell does not compile (…): (5,72): error CS1002: ; expected",
            "  ⏳ 3.3  A Tanh layer of your own  not attempted",
            "1 passed, 2 failed, 1 not attempted — summary in TestResults/grading-summary.md",
        ], lines);
    }
}
