using Course.Notebooks.Outputs;
using Course.Notebooks.Running;

namespace Course.Notebooks.Tests.Execution;

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
    public async Task Display_update_replaces_the_output_and_html_and_extension_methods_choose_their_mime_types()
    {
        var run = await Corpus.RunAsync("display.ipynb");

        Assert.Equal("step 3", Assert.IsType<DisplayOutput>(Assert.Single(run.Cells[3].Outputs)).PlainText);
        var html = Assert.IsType<DisplayOutput>(Assert.Single(run.Cells[4].Outputs));
        Assert.Equal("<b>bold</b>", html.Html);
        Assert.Null(html.PlainText);
        var last = run.Cells[5].Outputs.Cast<DisplayOutput>().ToList();
        Assert.Equal("[1, 2, 3]", last[0].PlainText);
        Assert.Equal(["text/html"], last[1].Data.Keys);
        Assert.Equal("<null>", last[2].PlainText);
        Assert.Equal([1, 2, 3, 4, 5, 6], run.Cells.Select(c => c.ExecutionCount ?? 0));
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
        Assert.Contains("\"text/plain\": \"220.00000000000003\"", json);
        Assert.Contains("\"execution_count\": 2", json);
        Assert.Contains("price 200", json);
    }
}
