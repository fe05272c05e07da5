using System.Text.Json.Nodes;

namespace Backprop.Tests.Lessons;

/// <summary>Library code that a lesson quotes must still be the library's code (the convention: <see cref="LessonQuotes"/>).</summary>
public class LessonQuotesTests
{
    public static TheoryData<string> Lessons() =>
        [.. Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "notebooks"), "*.ipynb").Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Lessons))]
    public void Every_quote_of_library_code_in_the_lesson_is_in_the_file_it_names(string lesson)
    {
        var result = LessonQuotes.Check(Path.Combine(RepositoryRoot.Path, "notebooks", lesson), RepositoryRoot.Path);

        foreach (var quote in result.Quotes)
            TestContext.Current.TestOutputHelper?.WriteLine($"cell {quote.Cell}: {quote.CodeLines} line(s) of {quote.File}");
        Assert.True(result.Problems.Count == 0, string.Join("\n", result.Problems));
    }

    [Fact]
    public void The_lessons_quote_the_library_and_every_quote_is_compared()
    {
        // Not vacuous: the lessons do quote the library (lessons 2, 3, 4, 6 and 7 today), and each quote had lines to compare.
        var quotes = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "notebooks"), "*.ipynb")
            .SelectMany(n => LessonQuotes.Check(n, RepositoryRoot.Path).Quotes).ToList();
        Assert.True(quotes.Count >= 5, $"found only {quotes.Count} quotes in the lessons");
        Assert.All(quotes, q => Assert.True(q.CodeLines > 0, $"cell {q.Cell}: the quote of {q.File} compared no line"));
    }

    // The checker itself, on small notebooks quoting lib/Backprop/Scalar/AddLayer.cs and MulLayer.cs.

    private const string AddLayerQuote = """
        The addition layer:

        ```csharp
        // lib/Backprop/Scalar/AddLayer.cs (doc comments left out)
        public sealed class AddLayer
        {
            public double Forward(double x, double y) => x + y;      // a comment of the lesson's own
            public (double dx, double dy) Backward(double dout) => (dout, dout);
        }
        ```
        """;

    [Fact]
    public void A_quote_whose_lines_are_the_files_lines_passes()
    {
        var result = CheckCells(Markdown("# Title"), Code("var x = 1;"), Markdown(AddLayerQuote));

        Assert.Empty(result.Problems);
        var quote = Assert.Single(result.Quotes);
        Assert.Equal((3, "lib/Backprop/Scalar/AddLayer.cs", 3), (quote.Cell, quote.File, quote.CodeLines));
    }

    [Fact]
    public void A_changed_line_is_reported_with_notebook_cell_line_and_the_nearest_line_of_the_file()
    {
        var result = CheckCells(Markdown("# Title"), Code("var x = 1;"), Markdown(AddLayerQuote.Replace("=> x + y;", "=> x - y;")));

        var problem = Assert.Single(result.Problems);
        Assert.StartsWith("notebooks/quotes.ipynb, cell 3, line 7: \"public double Forward(double x, double y) => x - y;\" is not in lib/Backprop/Scalar/AddLayer.cs", problem);
        Assert.Contains("nearest is line 10 of lib/Backprop/Scalar/AddLayer.cs: \"public double Forward(double x, double y) => x + y;\"", problem);
    }

    [Fact]
    public void Lines_in_another_order_than_the_files_are_reported()
    {
        var swapped = AddLayerQuote
            .Replace("    public double Forward(double x, double y) => x + y;      // a comment of the lesson's own\n", "")
            .Replace("(dout, dout);\n", "(dout, dout);\n    public double Forward(double x, double y) => x + y;\n");

        var problem = Assert.Single(CheckCells(Markdown(swapped)).Problems);

        Assert.Contains("cell 1, line 8:", problem);
        Assert.Contains("the quote's order differs from the file's", problem);
    }

    [Fact]
    public void A_quote_of_a_file_that_does_not_exist_is_reported()
    {
        var problem = Assert.Single(CheckCells(Markdown(AddLayerQuote.Replace("Scalar/AddLayer.cs", "Scalar/SubtractLayer.cs"))).Problems);
        Assert.Equal("notebooks/quotes.ipynb, cell 1: names lib/Backprop/Scalar/SubtractLayer.cs, which does not exist.", problem);
    }

    [Fact]
    public void A_block_of_library_code_that_does_not_name_its_file_is_reported()
    {
        var unnamed = AddLayerQuote.Replace("// lib/Backprop/Scalar/AddLayer.cs (doc comments left out)\n", "");

        var problem = Assert.Single(CheckCells(Markdown(unnamed)).Problems);

        Assert.Equal("notebooks/quotes.ipynb, cell 1, line 3: this code block is lib/Backprop/Scalar/AddLayer.cs's code but does not say so; " +
                     "start it with the line \"// lib/Backprop/Scalar/AddLayer.cs\" so that the quote is checked.", problem);
    }

    [Fact]
    public void A_block_of_the_lessons_own_code_is_not_a_quote()
    {
        var result = CheckCells(Markdown("```csharp\nvar add = new AddLayer();\nvar price = add.Forward(200, 450);\n```"));
        Assert.Empty(result.Problems);
        Assert.Empty(result.Quotes);
    }

    [Fact]
    public void Inline_lines_of_code_are_checked_against_the_file_the_cell_names()
    {
        const string cell = "In `lib/Backprop/Scalar/MulLayer.cs` the backward pass is `return (dout * _y, dout * _x);` and forward keeps `_x = x;`.";

        var right = CheckCells(Markdown(cell));
        var wrong = CheckCells(Markdown("Some text.\n" + cell.Replace("_y, dout * _x", "_x, dout * _y")));
        var unnamed = CheckCells(Markdown("The backward pass is `return (dout * _y, dout * _x);`."));

        Assert.Empty(right.Problems);
        Assert.Equal(2, right.Quotes.Count);
        Assert.StartsWith("notebooks/quotes.ipynb, cell 1, line 2: `return (dout * _x, dout * _y);` is not a line of lib/Backprop/Scalar/MulLayer.cs; nearest is line",
            Assert.Single(wrong.Problems));
        Assert.Contains("names no library file", Assert.Single(unnamed.Problems));
    }

    [Fact]
    public void Comments_indentation_and_spacing_do_not_count_but_strings_do()
    {
        Assert.Equal("return x; \"// not a comment\"", LessonQuotes.Normalize("    return   x;   \"// not a comment\" // a comment"));
        Assert.Equal("", LessonQuotes.Normalize("   // only a comment"));
        Assert.Equal([(1, "a = b;")], LessonQuotes.CodeLinesOf(["{", "  a =  b;  // why", "});", "", "// note"]));
    }

    private static LessonQuotes.Result CheckCells(params JsonObject[] cells)
    {
        var folder = Path.Combine(Path.GetTempPath(), "lesson-quotes-tests", Guid.NewGuid().ToString("N"));
        var notebooks = Path.Combine(folder, "notebooks");
        Directory.CreateDirectory(notebooks);
        try
        {
            // A small repository: the two library files the cells quote, and the notebook.
            foreach (var file in new[] { "lib/Backprop/Scalar/AddLayer.cs", "lib/Backprop/Scalar/MulLayer.cs" })
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(folder, file))!);
                File.Copy(Path.Combine(RepositoryRoot.Path, file), Path.Combine(folder, file));
            }
            Directory.CreateDirectory(Path.Combine(folder, "lib.Performance"));
            var path = Path.Combine(notebooks, "quotes.ipynb");
            File.WriteAllText(path, new JsonObject { ["cells"] = new JsonArray([.. cells]), ["nbformat"] = 4 }.ToJsonString());
            return LessonQuotes.Check(path, folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static JsonObject Markdown(string source) => new() { ["cell_type"] = "markdown", ["source"] = source };

    private static JsonObject Code(string source) => new() { ["cell_type"] = "code", ["source"] = new JsonArray(source) };
}
