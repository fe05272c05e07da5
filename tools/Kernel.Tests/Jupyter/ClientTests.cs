namespace Course.Kernel.Tests.Jupyter;

/// <summary>The checks of python/client_checks.py, each against a fresh kernel started by jupyter_client.</summary>
public class ClientTests
{
    [Fact]
    public void Interrupt_request_stops_an_endless_loop_and_the_next_cell_runs_in_a_fresh_state() => Check("interrupt");

    [Fact]
    public void Shutdown_request_ends_the_kernel_process_within_five_seconds_even_while_a_cell_loops() => Check("shutdown");

    [Fact]
    public void Execution_counts_follow_silent_store_history_and_stop_on_error() => Check("counts");

    [Fact]
    public void A_message_with_a_bad_signature_is_ignored_and_the_kernel_keeps_answering() => Check("signature");

    private static void Check(string name)
    {
        var run = JupyterEnvironment.RunPython(["client_checks.py", name], TimeSpan.FromMinutes(2));

        TestContext.Current.TestOutputHelper?.WriteLine(run.Stdout);
        Assert.True(run.ExitCode == 0 && run.Stdout.Contains($"PASS {name}:", StringComparison.Ordinal),
            $"client check '{name}' exited with {run.ExitCode}:\n{run.Stdout}\n{run.Stderr}");
    }
}
