using System.Text.Json;
using Backprop.Tests.Charts;

namespace Backprop.Tests.Diagrams;

/// <summary>Code that a lesson quotes from the library must still be the library's code.</summary>
public class LessonQuotesTests
{
    [Fact]
    public void Every_code_line_lesson_4_quotes_from_Affine_cs_is_in_Affine_cs()
    {
        var root = ChartScript.RepositoryRoot();
        var source = File.ReadAllLines(Path.Combine(root, "lib", "Backprop", "Layers", "Affine.cs")).Select(l => l.Trim()).ToHashSet();
        using var notebook = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "notebooks", "04-affine-layer.ipynb")));
        var quoting = notebook.RootElement.GetProperty("cells").EnumerateArray()
            .Select(c => string.Concat(c.GetProperty("source").EnumerateArray().Select(l => l.GetString())))
            .Single(text => text.Contains("lib/Backprop/Layers/Affine.cs") && text.Contains("```csharp"));

        var block = quoting.Split("```csharp")[1].Split("```")[0];
        var quoted = block.Split('\n').Select(l => l.Trim())
            .Where(l => l.Length > 1 && !l.StartsWith("//", StringComparison.Ordinal)).ToList();   // braces and shortened comments aside
        var table = quoting.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal))
            .SelectMany(l => l.Split('`').Where((_, i) => i % 2 == 1)).ToList();   // the code column of the formula table

        Assert.True(quoted.Count >= 8, $"expected Forward and Backward in the block, found {quoted.Count} lines");
        Assert.Equal(5, table.Count);
        Assert.All(quoted.Concat(table), line => Assert.Contains(line, source));
    }
}
