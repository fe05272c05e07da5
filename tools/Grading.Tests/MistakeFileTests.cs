using Course.Grading.Tests.Mistakes;

namespace Course.Grading.Tests;

/// <summary>The mistakes files' reader: hunks applied where their lines are, and clear errors where they are not.</summary>
public class MistakeFileTests
{
    private const string Reference = "// EXERCISE 9.9: t\nint F(int x)\n{\n    // BEGIN SOLUTION\n    return x + 1;\n    // END SOLUTION\n}\nint G() => 2;";

    private static IReadOnlyList<Mistake> Read(string text)
    {
        var folder = Path.Combine(Path.GetTempPath(), "mistakes-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var path = Path.Combine(folder, "9.9.txt");
            File.WriteAllText(path, text);
            return MistakeFile.Read(path, "solutions/mistakes/9.9.txt");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Hunks_replace_their_lines_and_keep_the_rest()
    {
        var mistakes = Read("# comment\n\nmistake: off-by-two\nexpect: off by two\n@@\n-     // BEGIN SOLUTION\n-     return x + 1;\n-     // END SOLUTION\n+     return x + 2;\n@@\n- int G() => 2;\n");

        var mistake = Assert.Single(mistakes);
        Assert.Equal(("9.9", "off-by-two", "off by two", "9.9-off-by-two"), (mistake.Id, mistake.Name, mistake.Expect, mistake.Key));
        Assert.Equal("// EXERCISE 9.9: t\nint F(int x)\n{\n    return x + 2;\n}", mistake.Apply(Reference));
    }

    [Fact]
    public void Line_no_longer_in_the_reference_is_named_with_file_mistake_and_line()
    {
        var mistake = Read("mistake: stale\nexpect: w\n@@\n-     // BEGIN SOLUTION\n-     return x + 3;\n+     return 0;\n").Single();

        var error = Assert.Throws<InvalidDataException>(() => mistake.Apply(Reference));

        Assert.StartsWith("solutions/mistakes/9.9.txt, mistake stale (hunk at line 3): the line `    return x + 3;` (line 5) does not follow `    // BEGIN SOLUTION`", error.Message);
    }

    [Fact]
    public void Lines_found_twice_ask_for_context()
    {
        var mistake = Read("mistake: brace\nexpect: w\n@@\n- {\n+ {{\n").Single();
        var twice = Reference.Replace("int G() => 2;", "{\n}", StringComparison.Ordinal);

        var error = Assert.Throws<InvalidDataException>(() => mistake.Apply(twice));

        Assert.Contains("mistake brace (hunk at line 3): its lines from `{` occur 2 times", error.Message);
    }

    [Theory]
    [InlineData("expect: w\n", "solutions/mistakes/9.9.txt:1: expected `mistake: NAME`")]
    [InlineData("mistake: a\n@@\n- x\n", "solutions/mistakes/9.9.txt:1: mistake a has no `expect:` line")]
    [InlineData("mistake: a\nexpect: w\n- x\n", "solutions/mistakes/9.9.txt:3: mistake a: a `-` line before its hunk's @@")]
    [InlineData("mistake: a\nexpect: w\n@@\n- x\n+ y\n- z\n", "solutions/mistakes/9.9.txt:6: mistake a: a `-` line after `+` lines")]
    [InlineData("mistake: a\nexpect: w\n@@\n+ y\n", "solutions/mistakes/9.9.txt:3: mistake a: a hunk without `-` lines")]
    [InlineData("mistake: a\nexpect: w\n", "solutions/mistakes/9.9.txt:1: mistake a changes nothing")]
    [InlineData("mistake: a\nexpect: w\n@@\n- x\nmistake: a\n", "solutions/mistakes/9.9.txt:5: a second mistake named a")]
    public void Malformed_file_is_named_with_its_line(string text, string message) =>
        Assert.StartsWith(message, Assert.Throws<InvalidDataException>(() => Read(text)).Message);
}
