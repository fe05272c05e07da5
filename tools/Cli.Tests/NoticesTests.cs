using Course.NotebookEngine.Format;
using Course.NotebookEngine.Outputs;
using Course.NotebookEngine.Rendering;
using Course.NotebookEngine.Running;
using static Course.Cli.Tests.Fixtures;

namespace Course.Cli.Tests;

/// <summary>
/// A cell's notices (what the engine says about this machine, not the lesson: a package version substituted, a kernel
/// extension loaded) go to stderr once each as "note: &lt;notebook&gt; cell &lt;n&gt;: &lt;text&gt;", and never to the page.
/// </summary>
public sealed class NoticesTests
{
    private const string Substituted = "Plotly.NET.Interactive 5.0.0 is not on this machine's NuGet source; 6.0.0 was used instead";
    private const string Loaded = "Loading extensions from `/somewhere/Plotly.NET.Interactive.dll`";

    [Fact]
    public async Task Notices_go_to_stderr_once_each_and_not_to_the_console_or_the_page()
    {
        var root = NewTempFolder();
        var path = WriteNotebook(Path.Combine(root, "06-x.ipynb"), Markdown("# X"), Code("#r \"nuget: Plotly.NET.Interactive, 5.0.0\""), Code("1"));
        var page = Path.Combine(root, "site", "06-x.html"); // one notebook: --html names the page
        var console = new StringWriter();
        var errors = new StringWriter();

        var exit = await Runner.RunAsync(new RunCommand(path, null, page, TimeSpan.FromSeconds(60), PlotlyMode.Cdn), WithNotices, console, errors);

        Assert.Equal(0, exit);
        Assert.Equal([$"note: 06-x.ipynb cell 2: {Substituted}", $"note: 06-x.ipynb cell 2: {Loaded}"],
            errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));
        Assert.DoesNotContain("NuGet source", console.ToString());
        var html = File.ReadAllText(page);
        Assert.Contains("the lesson prints this", html);
        Assert.DoesNotContain("NuGet source", html);
        Assert.DoesNotContain("Loading extensions", html);
    }

    // Cell 2 says both notices and prints a line of its own; cell 3 repeats one notice, which is printed once.
    private static Task<RunResult> WithNotices(string path, RunOptions options)
    {
        var notebook = Notebook.Load(path);
        var codeCells = notebook.Cells.Where(c => c.IsCode).ToList();
        var first = new CellResult(codeCells[0].Number, "csharp", CellStatus.Succeeded, [new StreamOutput("stdout", "the lesson prints this\n")],
            TimeSpan.Zero, 1, null) { Notices = [Substituted, Loaded] };
        var second = new CellResult(codeCells[1].Number, "csharp", CellStatus.Succeeded, [], TimeSpan.Zero, 2, null) { Notices = [Substituted] };
        foreach (var result in new[] { first, second }) notebook.Cells[result.Number - 1].SetOutputs(result.Outputs, result.ExecutionCount);
        return Task.FromResult(new RunResult(notebook.DisplayName, notebook, [first, second], TimeSpan.Zero));
    }
}
