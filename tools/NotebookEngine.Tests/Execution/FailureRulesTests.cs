using Course.NotebookEngine.Outputs;
using Course.NotebookEngine.Running;

namespace Course.NotebookEngine.Tests.Execution;

public sealed class FailureRulesTests
{
    [Fact]
    public async Task Compile_error_names_line_and_column_of_the_cell_as_the_learner_sees_it()
    {
        // Line 1 is the #!csharp selector and line 2 a #r "nuget: …": the kernel's own text says (2,11), counting
        // without its directives; its diagnostic span, which the editor underlines, says line 4.
        var run = await Corpus.RunAsync("compile-error.ipynb");

        var cell = Assert.Single(run.Cells);
        Assert.Equal(CellStatus.Failed, cell.Status);
        Assert.Equal(4, cell.Line);
        Assert.Equal("CompilationError", cell.Error!.Name);
        Assert.Equal("(4,11): error CS0103: The name 'undefinedName' does not exist in the current context", cell.Error.Value);
        Assert.Contains("(2,11): error CS0103", string.Concat(cell.Outputs.OfType<StreamOutput>().Where(s => s.Name == "stderr").Select(s => s.Text)));
        Assert.Equal("notebook compile-error.ipynb, cell 1, line 4: (4,11): error CS0103: The name 'undefinedName' does not exist in the current context", run.FailureSummary);
    }

    [Fact]
    public async Task Runtime_exception_shows_type_message_and_the_kernels_stack_trace_and_stops_the_run()
    {
        var run = await Corpus.RunAsync("runtime-exception.ipynb");

        var failed = run.Cells[1];
        Assert.Equal(CellStatus.Failed, failed.Status);
        Assert.Null(failed.Line); // the kernel compiles cells without line information
        Assert.Equal("before\n", failed.StandardOutput);
        Assert.Equal("System.ArgumentException", failed.Error!.Name);
        Assert.Equal("System.ArgumentException: b must not be zero (Parameter 'b')", failed.Error.Traceback[0]);
        Assert.Contains("   at Submission#2.Divide(Double a, Double b)", failed.Error.Traceback);
        Assert.Equal(CellStatus.NotRun, run.Cells[2].Status);
        Assert.Equal("notebook runtime-exception.ipynb, cell 2: System.ArgumentException: b must not be zero (Parameter 'b')", run.FailureSummary);
    }

    [Fact]
    public async Task An_endless_loop_is_stopped_at_the_time_limit_and_the_next_notebook_still_runs()
    {
        var run = await Corpus.RunAsync("timeout.ipynb", Corpus.Options with { CellTimeout = TimeSpan.FromSeconds(3) });
        var next = await Corpus.RunAsync("vscode-polyglot.ipynb");

        Assert.Equal(CellStatus.TimedOut, run.Cells[0].Status);
        Assert.Equal("cell 1 exceeded the time limit of 3 s and was stopped", run.Cells[0].Error!.Value);
        Assert.Equal("looping\n", run.Cells[0].StandardOutput); // printed before the limit, kept
        Assert.InRange(run.Cells[0].Duration.TotalSeconds, 3, 30);
        Assert.Equal(CellStatus.NotRun, run.Cells[1].Status);
        Assert.True(next.Succeeded, next.FailureSummary);
    }

    [Fact]
    public async Task A_stack_overflow_is_reported_on_the_running_cell_and_earlier_outputs_survive()
    {
        var run = await Corpus.RunAsync("stack-overflow.ipynb");

        Assert.Equal("first cell\n", run.Cells[0].StandardOutput);
        Assert.Equal(CellStatus.Crashed, run.Cells[1].Status);
        Assert.StartsWith("a stack overflow ended the worker process while cell 2 ran (exit code", run.Cells[1].Error!.Value);
    }

    [Fact]
    public async Task A_cell_in_a_kernel_the_engine_cannot_run_fails_naming_the_cell_and_kernel()
    {
        var run = await Corpus.RunAsync("unknown-kernel.ipynb");

        Assert.True(run.Cells[0].Succeeded);
        Assert.Equal(CellStatus.Failed, run.Cells[1].Status);
        Assert.StartsWith("cell 2 uses the kernel 'fsharp', which this engine cannot run", run.Cells[1].Error!.Value);
    }

    [Fact]
    public async Task Asking_for_a_package_again_at_another_version_fails_with_the_kernels_message()
    {
        var run = await Corpus.RunAsync("nuget-duplicate-version.ipynb");

        Assert.True(run.Cells[0].Succeeded);
        Assert.Equal("MathNet.Numerics version 4.15.0 cannot be added because version 5.0.0 was added previously.", run.Cells[1].Error!.Value);
        Assert.Null(run.Cells[1].Line);
    }

    [Fact]
    public async Task A_package_that_cannot_be_restored_fails_naming_the_package()
    {
        var run = await NotebookRunner.RunCodeAsync(["#r \"nuget: Course.Engine.No.Such.Package, 1.0.0\""], Corpus.NewTempFolder(),
            new RunOptions { CellTimeout = TimeSpan.FromMinutes(4) }, TestContext.Current.CancellationToken);

        var cell = Assert.Single(run.Cells);
        Assert.Equal(CellStatus.Failed, cell.Status);
        Assert.Contains("error NU1101: Unable to find package Course.Engine.No.Such.Package", cell.Error!.Value);
    }
}
