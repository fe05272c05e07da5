using Course.NotebookEngine.Outputs;
using Course.NotebookEngine.Running;

namespace Course.NotebookEngine.Tests.Execution;

public sealed class OutputRulesTests
{
    [Fact]
    public async Task Trailing_value_is_a_result_while_a_statement_or_a_void_call_shows_nothing()
    {
        var run = await Corpus.RunAsync("display.ipynb");

        Assert.True(run.Succeeded, run.FailureSummary);
        var first = run.Cells[0].Outputs;
        Assert.Equal(2, first.Count);
        Assert.Equal("shown by display", Assert.IsType<DisplayOutput>(first[0]).PlainText);
        Assert.False(((DisplayOutput)first[0]).IsResult);
        Assert.Equal("the trailing value", Assert.IsType<DisplayOutput>(first[1]).PlainText);
        Assert.True(((DisplayOutput)first[1]).IsResult);
        Assert.Empty(run.Cells[1].Outputs); // var statementOnly = 42;
        Assert.Empty(run.Cells[2].Outputs); // Nothing()
    }

    [Fact]
    public async Task Html_and_display_helpers_give_the_kernels_mime_types_and_every_csharp_cell_counts()
    {
        var run = await Corpus.RunAsync("display.ipynb");

        // The kernel sends an update of display("step 0") under another id than the display's, so the display keeps
        // its first value; the dotnet-interactive tool 1.0.712001 over Jupyter writes the same "step 0" (measured).
        Assert.Equal("step 0", Assert.IsType<DisplayOutput>(Assert.Single(run.Cells[3].Outputs)).PlainText);
        // HTML(…) also gives the kernel's CS1702 about the AspNetCore.Html.Abstractions version it was built against
        // (the tool gives CS1701 for its own version): a warning of the kernel, not of the notebook.
        var html = Assert.Single(run.Cells[4].Outputs.OfType<DisplayOutput>());
        Assert.Equal("<b>bold</b>", html.Html);
        Assert.True(html.IsResult);
        var last = run.Cells[5].Outputs.Cast<DisplayOutput>().ToList();
        Assert.Contains("<pre>[ 1, 2, 3 ]</pre>", last[0].Html);
        Assert.Equal("<i>as html</i>", last[1].Html);
        Assert.Contains("<pre>&lt;null&gt;</pre>", last[2].Html);
        Assert.Equal([1, 2, 3, 4, 5, 6], run.Cells.Select(c => c.ExecutionCount ?? 0));
    }

    [Fact]
    public async Task A_display_the_kernel_updates_under_its_own_id_shows_its_last_state()
    {
        // #r "nuget:…" shows "Installing Packages…" and updates that display to "Installed Packages" when restored.
        var run = await Corpus.RunAsync("nuget-course-packages.ipynb");

        var installed = run.Cells[0].Outputs.OfType<DisplayOutput>().First();
        Assert.Contains("<strong>Installed Packages</strong>", installed.Html);
        Assert.Contains("MathNet.Numerics, 5.0.0", installed.Html);
    }

    [Fact]
    public async Task Console_writes_become_stream_outputs_with_consecutive_writes_merged()
    {
        var run = await Corpus.RunAsync("console.ipynb");

        Assert.True(run.Succeeded, run.FailureSummary);
        var streams = run.Cells[0].Outputs.Cast<StreamOutput>().Select(s => (s.Name, s.Text)).ToList();
        Assert.Equal([("stdout", "abc\nline 2\n"), ("stderr", "warning\n"), ("stdout", "line 3\n")], streams);
        Assert.Equal("after await\n", run.Cells[1].StandardOutput);
    }

    [Fact]
    public async Task A_type_with_a_TypeFormatterSource_renders_as_its_preferred_mime_type()
    {
        var run = await Corpus.RunAsync("formatter-source.ipynb");

        Assert.True(run.Succeeded, run.FailureSummary);
        var output = Assert.IsType<DisplayOutput>(Assert.Single(run.Cells[1].Outputs));
        Assert.Equal("<table><tr><td>gradient check</td></tr></table>", output.Html);
    }

    [Fact]
    public async Task Executed_notebook_carries_outputs_and_execution_counts_in_nbformat()
    {
        var run = await Corpus.RunAsync("vscode-polyglot.ipynb");
        var json = run.Notebook!.ToJson();

        Assert.True(run.Succeeded, run.FailureSummary);
        Assert.Contains("\"output_type\": \"execute_result\"", json);
        Assert.Contains("<pre>220.00000000000003</pre>", json);
        Assert.Contains("\"execution_count\": 2", json);
        Assert.Contains("price 200", json);
    }
}
