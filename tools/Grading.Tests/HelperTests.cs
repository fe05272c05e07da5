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

        Assert.Contains($"| {specs[0].DisplayName} | ✅ done | ✅ fine |", table);
        Assert.Contains($"| {specs[1].DisplayName} | ⏳ not attempted | not attempted — x |", table);
        Assert.Contains($"| {specs[2].DisplayName} | ❌ failing | ❌ a \\| b second line |", table);
        Assert.Contains("1 done, 1 not attempted, 1 failing, of 3 exercises.", table);
    }
}
