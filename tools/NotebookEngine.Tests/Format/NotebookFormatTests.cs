using Course.NotebookEngine.Format;

namespace Course.NotebookEngine.Tests.Format;

public sealed class NotebookFormatTests
{
    public static TheoryData<string> CorpusNotebooks()
    {
        // The deliberately broken fixture is malformed.ipynb.broken: no *.ipynb pattern (this one, or a repository tool's
        // scan for notebooks committed with outputs) should take it for a notebook.
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Corpus.Folder, "*.ipynb").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusNotebooks))]
    public void Reading_then_writing_a_corpus_notebook_changes_no_byte(string name)
    {
        var original = File.ReadAllText(Corpus.PathOf(name));

        Assert.Equal(original, Notebook.Parse(original, name).ToJson());
    }

    [Theory]
    [InlineData("{\n  \"cells\": [\n    {\n      \"cell_type\": \"code\",\n      \"source\": \"x\"\n    }\n  ],\n  \"nbformat\": 4\n}")]
    [InlineData("{\r\n \"cells\": [],\r\n \"metadata\": {\r\n  \"custom\": {\r\n   \"zeta\": 1,\r\n   \"alpha\": [\r\n    1.50,\r\n    true,\r\n    null,\r\n    \"é\\u001b\\\"\"\r\n   ]\r\n  }\r\n },\r\n \"nbformat\": 4,\r\n \"nbformat_minor\": 5\r\n}\r\n")]
    [InlineData("{\"cells\": [{\"cell_type\": \"markdown\", \"metadata\": {}, \"source\": \"caf\\u00e9\"}], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 4}")]
    public void Other_layouts_unknown_fields_and_escapes_survive_a_round_trip(string text)
    {
        Assert.Equal(text, Notebook.Parse(text).ToJson());
    }

    [Fact]
    public void Source_is_read_the_same_whether_stored_as_a_string_or_as_lines()
    {
        var asString = Notebook.Parse("""{"cells":[{"cell_type":"code","source":"var a = 1;\nvar b = 2;"}],"nbformat":4}""");
        var asLines = Notebook.Parse("""{"cells":[{"cell_type":"code","source":["var a = 1;\n","var b = 2;"]}],"nbformat":4}""");

        Assert.Equal("var a = 1;\nvar b = 2;", asString.Cells[0].Source);
        Assert.Equal(asString.Cells[0].Source, asLines.Cells[0].Source);
    }

    [Fact]
    public void Malformed_json_is_reported_with_the_file_and_position()
    {
        var error = Assert.Throws<NotebookFormatException>(() => Notebook.Load(Corpus.PathOf("malformed.ipynb.broken")));

        Assert.Contains("malformed.ipynb", error.Message);
        Assert.Contains("not valid JSON at line 6, byte 16", error.Message);
    }

    [Theory]
    [InlineData("""{"cells":[],"nbformat":3}""", "nbformat is 3")]
    [InlineData("""{"nbformat":4}""", "no \"cells\" array")]
    [InlineData("""[1, 2]""", "not a JSON object")]
    public void A_file_that_is_not_an_nbformat_4_notebook_is_rejected_with_the_reason(string text, string reason)
    {
        var error = Assert.Throws<NotebookFormatException>(() => Notebook.Parse(text, "x.ipynb"));

        Assert.Contains("x.ipynb", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Kernel_comes_from_the_selector_line_then_the_metadata_then_the_notebook_default()
    {
        var polyglot = Notebook.Load(Corpus.PathOf("unknown-kernel.ipynb"));
        var legacy = Notebook.Load(Corpus.PathOf("legacy-dotnet-interactive.ipynb"));

        Assert.Equal("csharp", polyglot.DefaultKernelName);
        Assert.Equal("fsharp", polyglot.Cells[1].KernelName(polyglot.DefaultKernelName));
        Assert.Equal("csharp", legacy.DefaultKernelName); // from kernelspec ".net-csharp"
        Assert.Equal("markdown", legacy.Cells[0].KernelName(legacy.DefaultKernelName));
        Assert.Equal("csharp", Notebook.Parse("""{"cells":[{"cell_type":"code","source":"#!C#\nx"}],"nbformat":4}""").Cells[0].KernelName("fsharp"));
    }

    [Fact]
    public void Selector_line_is_stripped_but_magic_commands_are_not_selectors()
    {
        Assert.Equal("x", CellSource.WithoutSelector("#!csharp\nx"));
        Assert.Null(CellSource.Selector("#!time\nx"));
        Assert.Equal("#!time\nx", CellSource.WithoutSelector("#!time\nx"));
    }
}
