using Course.NotebookEngine.Outputs;
using Course.NotebookEngine.Running;

namespace Course.NotebookEngine.Tests.Running;

/// <summary>
/// A worker reused from a <see cref="WorkerPool"/> serves the next run as a new worker would: run A changes everything
/// process-wide it can and declares a class, run B in the same process (same process id) sees what a new worker sees and
/// cannot name A's class; a run that leaves work running, times out or ends its process is followed by a new worker.
/// </summary>
public sealed class WorkerReuseTests
{
    private const string MathNet = "#r \"nuget: MathNet.Numerics, 5.0.0\"";

    private const string PrintProcess = "Console.WriteLine($\"process {Environment.ProcessId}\");";

    // Everything process-wide a cell can change that the reset restores, and a class a later run must not see.
    private const string ChangeEverything = """
        using System.Globalization;
        using System.IO;
        class Planted { }
        Console.SetOut(TextWriter.Null);
        Console.SetError(TextWriter.Null);
        Console.SetIn(new StringReader("planted line"));
        Directory.SetCurrentDirectory(Path.GetTempPath());
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        CultureInfo.CurrentUICulture = new CultureInfo("de-DE");
        CultureInfo.DefaultThreadCurrentCulture = new CultureInfo("fr-FR");
        CultureInfo.DefaultThreadCurrentUICulture = new CultureInfo("fr-FR");
        Environment.SetEnvironmentVariable("COURSE_REUSE_PLANTED", "planted");
        Environment.SetEnvironmentVariable("HOME", "/planted");
        Environment.ExitCode = 3;
        MathNet.Numerics.Control.UseSingleThread();
        MathNet.Numerics.Control.CheckDistributionParameters = false;
        MathNet.Numerics.Control.NativeProviderPath = "/planted";
        MathNet.Numerics.Control.TaskScheduler = new System.Threading.Tasks.ConcurrentExclusiveSchedulerPair().ExclusiveScheduler;
        Microsoft.DotNet.Interactive.Formatting.Formatter.Register<double>(d => "planted", "text/plain");
        Microsoft.DotNet.Interactive.Formatting.Formatter.Register<double>(d => "planted", "text/html");
        """;

    // What a run sees of those things; the process id line is left out when two reports are compared.
    private const string Report = """
        using System.Globalization;
        Console.WriteLine($"directory {Environment.CurrentDirectory}");
        Console.WriteLine($"cultures {CultureInfo.CurrentCulture.Name}|{CultureInfo.CurrentUICulture.Name}|{CultureInfo.DefaultThreadCurrentCulture?.Name ?? "(none)"}|{CultureInfo.DefaultThreadCurrentUICulture?.Name ?? "(none)"}");
        Console.WriteLine($"a number {1234.5}");
        Console.WriteLine($"stdin {Console.In.ReadLine() ?? "(end)"}");
        Console.Error.WriteLine("to stderr");
        Console.WriteLine($"variables {Environment.GetEnvironmentVariable("COURSE_REUSE_PLANTED") ?? "(unset)"}|{Environment.GetEnvironmentVariable("HOME")}");
        Console.WriteLine($"exit code {Environment.ExitCode}");
        Console.WriteLine($"mathnet {MathNet.Numerics.Control.CheckDistributionParameters}|{MathNet.Numerics.Control.ThreadSafeRandomNumberGenerators}|{MathNet.Numerics.Control.MaxDegreeOfParallelism}|{MathNet.Numerics.Control.NativeProviderPath ?? "(none)"}|{MathNet.Numerics.Control.TaskScheduler == System.Threading.Tasks.TaskScheduler.Default}");
        Console.WriteLine(MathNet.Numerics.Control.Describe());
        """;

    private static readonly string[] Probe = [MathNet, PrintProcess, Report, "2.5", "typeof(Planted).Name"];

    private static readonly RunOptions Options = Corpus.Options with { ContinueOnError = true };

    [Fact]
    public async Task A_reused_worker_shows_the_next_run_what_a_new_worker_shows()
    {
        var folder = Corpus.NewTempFolder();
        using var pool = new WorkerPool();
        try
        {
            var changer = await RunAsync([MathNet, PrintProcess, ChangeEverything], folder, pool);
            var reused = await RunAsync(Probe, folder, pool);
            var fresh = await RunAsync(Probe, folder, null);

            Assert.True(changer.Succeeded, changer.FailureSummary);
            Assert.Equal(ProcessId(changer), ProcessId(reused)); // the same worker process served both
            Assert.NotEqual(ProcessId(reused), ProcessId(fresh));
            Assert.Equal((1, 1), (pool.Started, pool.Reused));

            // What a new worker shows, the reused one shows: output, errors, the formatted result, the unknown class.
            Assert.Equal(fresh.Cells[2].StandardOutput, reused.Cells[2].StandardOutput);
            Assert.Equal(Stderr(fresh.Cells[2]), Stderr(reused.Cells[2]));
            Assert.Equal(Result(fresh.Cells[3]), Result(reused.Cells[3]));
            Assert.Equal(CellStatus.Failed, reused.Cells[4].Status);
            Assert.Contains("CS0246", reused.Cells[4].Error!.Value); // the type or namespace name 'Planted' could not be found
            Assert.Equal(fresh.Cells[4].Error!.Value, reused.Cells[4].Error!.Value);

            // And the facts themselves, independently of the new worker.
            var report = reused.Cells[2].StandardOutput;
            Assert.Contains($"directory {folder}\n", report);
            Assert.Contains("cultures ", report);
            Assert.DoesNotContain("de-DE", report);
            Assert.DoesNotContain("fr-FR", report);
            Assert.Contains("stdin (end)\n", report);
            Assert.Contains($"variables (unset)|{Environment.GetEnvironmentVariable("HOME")}\n", report);
            Assert.Contains("exit code 0\n", report);
            Assert.Contains($"mathnet True|True|{Environment.ProcessorCount}|(none)|True\n", report);
            Assert.Equal("to stderr\n", Stderr(reused.Cells[2]));
            Assert.Contains("2.5", Result(reused.Cells[3]));
            Assert.DoesNotContain("planted", Result(reused.Cells[3]));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    public static TheoryData<string> LeftoverWork() =>
    [
        new TheoryDataRow<string>("new System.Threading.Thread(() => System.Threading.Thread.Sleep(System.Threading.Timeout.Infinite)) { IsBackground = true }.Start();")
            { TestDisplayName = "a thread it started" },
        new TheoryDataRow<string>("System.Threading.Tasks.Task.Run(() => { while (true) System.Threading.Thread.Sleep(10); });")
            { TestDisplayName = "a thread-pool item that never ends" },
        new TheoryDataRow<string>("static class Later { public static readonly System.Threading.Timer Timer = new(_ => Console.WriteLine(\"late\"), null, 600_000, System.Threading.Timeout.Infinite); }\nLater.Timer.ToString();")
            { TestDisplayName = "a timer still to fire" },
        new TheoryDataRow<string>("_ = System.Threading.Tasks.Task.Delay(600_000).ContinueWith(_ => Console.SetOut(System.IO.TextWriter.Null));")
            { TestDisplayName = "a task waiting to run later" },
    ];

    [Theory]
    [MemberData(nameof(LeftoverWork))]
    public async Task A_run_that_leaves_work_running_is_followed_by_a_new_worker(string leftover)
    {
        var folder = Corpus.NewTempFolder();
        using var pool = new WorkerPool();
        try
        {
            var first = await RunAsync([PrintProcess, leftover], folder, pool);
            var next = await RunAsync([PrintProcess], folder, pool);

            Assert.True(first.Succeeded, first.FailureSummary);
            Assert.True(next.Succeeded, next.FailureSummary);
            Assert.NotEqual(ProcessId(first), ProcessId(next));
            Assert.Equal((2, 0), (pool.Started, pool.Reused));
            Assert.Matches("still running|queued|pending", Assert.Single(pool.Discarded));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    public static TheoryData<string> AbnormalEnds() =>
    [
        new TheoryDataRow<string>("while (true) { }") { TestDisplayName = "an endless loop stopped at the time limit" },
        new TheoryDataRow<string>("Environment.Exit(0);") { TestDisplayName = "Environment.Exit" },
        new TheoryDataRow<string>("int Down(int n) => Down(n + 1) + 1; Down(0);") { TestDisplayName = "a stack overflow" },
    ];

    [Theory]
    [MemberData(nameof(AbnormalEnds))]
    public async Task A_run_that_did_not_end_normally_is_followed_by_a_new_worker(string cell)
    {
        var folder = Corpus.NewTempFolder();
        using var pool = new WorkerPool();
        try
        {
            var first = await RunAsync([PrintProcess, cell], folder, pool, Options with { CellTimeout = TimeSpan.FromSeconds(5) });
            var next = await RunAsync([PrintProcess], folder, pool);

            Assert.Contains(first.Cells[1].Status, new[] { CellStatus.TimedOut, CellStatus.Crashed });
            Assert.True(next.Succeeded, next.FailureSummary);
            Assert.NotEqual(ProcessId(first), ProcessId(next));
            Assert.Equal((2, 0), (pool.Started, pool.Reused));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public async Task A_failed_cell_ends_its_run_normally_and_the_worker_serves_again()
    {
        var folder = Corpus.NewTempFolder();
        using var pool = new WorkerPool();
        try
        {
            var first = await RunAsync([PrintProcess, "throw new InvalidOperationException(\"wrong\");"], folder, pool);
            var next = await RunAsync([PrintProcess], folder, pool);

            Assert.Equal(CellStatus.Failed, first.Cells[1].Status);
            Assert.Equal(ProcessId(first), ProcessId(next));
            Assert.Equal((1, 1), (pool.Started, pool.Reused));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    private static Task<RunResult> RunAsync(IReadOnlyList<string> snippets, string folder, WorkerPool? pool, RunOptions? options = null) =>
        NotebookRunner.RunCodeAsync(snippets, folder, (options ?? Options) with { Workers = pool }, TestContext.Current.CancellationToken);

    private static string ProcessId(RunResult run) =>
        run.Cells.Select(c => c.StandardOutput).First(o => o.StartsWith("process ", StringComparison.Ordinal)).Trim();

    private static string Stderr(CellResult cell) =>
        string.Concat(cell.Outputs.OfType<StreamOutput>().Where(s => s.Name == "stderr").Select(s => s.Text));

    // The trailing expression's formatted value, every mime type of it.
    private static string Result(CellResult cell) => cell.Outputs.OfType<DisplayOutput>().Single(d => d.IsResult).ToJson().ToJsonString();
}
