using Course.NotebookEngine.Outputs;
using Course.NotebookEngine.Running;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Course.NotebookEngine.Tests.Execution;

public sealed class ReferenceRulesTests
{
    [Fact]
    public async Task A_referenced_dll_finds_its_own_dependency_in_its_folder()
    {
        // Greeter.dll uses Words.dll; only Greeter is #r'd, as the course's Backprop.dll uses MathNet beside it.
        var folder = Corpus.NewTempFolder();
        var lib = Directory.CreateDirectory(Path.Combine(folder, "lib")).FullName;
        var words = Emit(lib, "Words", "namespace Fixtures; public static class Words { public static string Hello => \"hello from a dependency\"; }");
        Emit(lib, "Greeter", "namespace Fixtures; public class Greeter { public string Greet(string who) => $\"{Words.Hello}, {who}\"; }", words);
        File.Copy(Corpus.PathOf("reference-dll.ipynb"), Path.Combine(folder, "reference-dll.ipynb"));

        var run = await NotebookRunner.RunAsync(Path.Combine(folder, "reference-dll.ipynb"), Corpus.Options, TestContext.Current.CancellationToken);

        Assert.True(run.Succeeded, run.FailureSummary);
        Assert.Equal("hello from a dependency, notebook", Assert.IsType<DisplayOutput>(Assert.Single(run.Cells[1].Outputs)).PlainText);
    }

    [Fact]
    public async Task A_loaded_helper_file_can_use_the_kernels_display_and_the_Display_extension()
    {
        var run = await Corpus.RunAsync("load-helpers.ipynb");

        Assert.True(run.Succeeded, run.FailureSummary);
        var texts = run.Cells[1].Outputs.Cast<DisplayOutput>().Select(o => o.PlainText).ToList();
        Assert.Equal(["hello, learner", "HELLO", "hello!"], texts);
    }

    [Fact]
    public async Task Plotly_5_packages_resolve_to_the_sources_6_with_one_notice_each_not_an_output_and_matrices_and_charts_format()
    {
        var run = await Corpus.RunAsync("nuget-course-packages.ipynb");

        Assert.True(run.Succeeded, run.FailureSummary);
        // What is said about this machine (substituted versions, the extension loaded) is the cell's notices, not its outputs.
        var setup = run.Cells[0];
        var notices = setup.Notices.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(3, notices.Count);
        Assert.StartsWith("Loading extensions from `", notices[0]);
        Assert.EndsWith("Plotly.NET.Interactive.dll`", notices[0]);
        Assert.Equal(["Plotly.NET.CSharp 0.13.0 is not on this machine's NuGet source; 0.14.0 was used instead",
            "Plotly.NET.Interactive 5.0.0 is not on this machine's NuGet source; 6.0.0 was used instead"], notices[1..]);
        var shown = string.Join("\n", setup.Outputs.Select(o => o.ToJson().ToJsonString()));
        Assert.DoesNotContain("NuGet source", shown);
        Assert.DoesNotContain("Loading extensions", shown);
        var matrix = Assert.IsType<DisplayOutput>(Assert.Single(run.Cells[1].Outputs));
        Assert.Contains("DenseMatrix 2x2-Double", matrix.Html);
        Assert.Contains("6  8", matrix.Html);
        var chart = Assert.IsType<DisplayOutput>(Assert.Single(run.Cells[2].Outputs));
        Assert.Contains("Plotly.newPlot", chart.Html);
        Assert.Contains("\"y\":[0.0,1.0,4.0]", chart.Html);
    }

    [Fact]
    public async Task Snippets_share_one_script_state_like_the_cells_of_a_notebook()
    {
        var run = await NotebookRunner.RunCodeAsync(["var x = 20;", "#!csharp\nx * 2 + 2"], Corpus.NewTempFolder(), Corpus.Options, TestContext.Current.CancellationToken);

        Assert.True(run.Succeeded, run.FailureSummary);
        Assert.Contains("<pre>42</pre>", Assert.IsType<DisplayOutput>(Assert.Single(run.Cells[1].Outputs)).Html);
    }

    [Fact]
    public async Task Legacy_notebook_with_selector_lines_runs_and_its_markdown_cell_is_not_executed()
    {
        var run = await Corpus.RunAsync("legacy-dotnet-interactive.ipynb");

        Assert.True(run.Succeeded, run.FailureSummary);
        Assert.Null(run.Cells[0].ExecutionCount);
        Assert.Equal("forward then backward", Assert.IsType<DisplayOutput>(Assert.Single(run.Cells[2].Outputs)).PlainText);
    }

    private static string Emit(string folder, string name, string code, params string[] references)
    {
        var framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is "System.Runtime.dll" or "System.Private.CoreLib.dll" or "netstandard.dll");
        var compilation = CSharpCompilation.Create(name, [CSharpSyntaxTree.ParseText(code)],
            framework.Concat(references).Select(p => MetadataReference.CreateFromFile(p)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var path = Path.Combine(folder, name + ".dll");
        var result = compilation.Emit(path);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return path;
    }
}
