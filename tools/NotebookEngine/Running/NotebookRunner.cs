using System.Diagnostics;
using Course.NotebookEngine.Format;
using Course.NotebookEngine.Outputs;

namespace Course.NotebookEngine.Running;

/// <summary>
/// Executes notebooks out of process: one worker per notebook holds the .NET Interactive kernel that runs its cells, and the
/// parent enforces the time limit and survives a crashed worker, keeping the outputs of earlier cells.
/// </summary>
public static class NotebookRunner
{
    /// <summary>Reads and runs a notebook; the result's <see cref="RunResult.Notebook"/> carries the new outputs.</summary>
    /// <exception cref="NotebookFormatException">The file is not a readable notebook.</exception>
    public static Task<RunResult> RunAsync(string notebookPath, RunOptions? options = null, CancellationToken cancellation = default) =>
        RunAsync(Notebook.Load(notebookPath), options, cancellation);

    /// <summary>Runs a notebook's code cells in order and writes their outputs into it.</summary>
    public static async Task<RunResult> RunAsync(Notebook notebook, RunOptions? options = null, CancellationToken cancellation = default)
    {
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(notebook.Path ?? Path.Combine(Environment.CurrentDirectory, "notebook.ipynb")))!;
        var defaultKernel = notebook.DefaultKernelName;
        var plans = notebook.Cells.Where(c => c.IsCode)
            .Select(c => new CellPlan(c.Number, c.KernelName(defaultKernel), c.Source))
            .ToList();
        var (results, duration) = await RunPlansAsync(plans, baseDirectory, options ?? new RunOptions(), cancellation);
        foreach (var result in results.Where(r => r.Status != CellStatus.NotRun))
            notebook.Cells[result.Number - 1].SetOutputs(result.Outputs, result.ExecutionCount);
        return new RunResult(notebook.DisplayName, notebook, results, duration);
    }

    /// <summary>
    /// Runs C# snippets in order in one script state, as if they were the cells of a notebook in
    /// <paramref name="baseDirectory"/> (for graders: a setup snippet, then the learner's code, then checks). With
    /// <paramref name="capture"/>, the worker reads that variable after the last snippet and reports it in the last
    /// cell's <see cref="CellResult.Captured"/>: a channel the snippets' console output cannot touch.
    /// </summary>
    public static async Task<RunResult> RunCodeAsync(IReadOnlyList<string> snippets, string baseDirectory, RunOptions? options = null,
        CancellationToken cancellation = default, VariableCapture? capture = null)
    {
        var plans = snippets.Select((code, i) => new CellPlan(i + 1, KernelNames.Normalize(CellSource.Selector(code) ?? KernelNames.CSharp), code,
            i == snippets.Count - 1 ? capture : null)).ToList();
        var (results, duration) = await RunPlansAsync(plans, Path.GetFullPath(baseDirectory), options ?? new RunOptions(), cancellation);
        return new RunResult("snippets", null, results, duration);
    }

    private sealed record CellPlan(int Number, string Kernel, string Code, VariableCapture? Capture = null);

    private static async Task<(List<CellResult>, TimeSpan)> RunPlansAsync(IReadOnlyList<CellPlan> plans, string baseDirectory, RunOptions options, CancellationToken cancellation)
    {
        var total = Stopwatch.StartNew();
        var results = new List<CellResult>();
        var displays = new Dictionary<string, (List<CellOutput> Outputs, int Index)>();
        WorkerProcess? worker = null;
        var workerPath = options.WorkerPath ?? WorkerProcess.DefaultWorkerPath;
        var ended = false; // every cell given to the worker ended in it (no exception, no cancellation)
        var executionCount = 0;
        var stopped = false;
        try
        {
            foreach (var plan in plans)
            {
                if (stopped)
                {
                    results.Add(new CellResult(plan.Number, plan.Kernel, CellStatus.NotRun, [], TimeSpan.Zero, null, null));
                    continue;
                }
                var watch = Stopwatch.StartNew();
                var outputs = new List<CellOutput>();
                CellStatus status;
                int? line = null, count = null;
                CapturedVariable? captured = null;
                IReadOnlyList<string> notices = [];
                switch (plan.Kernel)
                {
                    case KernelNames.CSharp or KernelNames.Html:
                        count = ++executionCount;
                        if (worker is null)
                        {
                            var (started, problem) = options.Workers is { } pool
                                ? await pool.TakeAsync(workerPath, baseDirectory, options.WorkerEnvironment, cancellation)
                                : await WorkerProcess.StartAsync(workerPath, baseDirectory, cancellation, options.WorkerEnvironment);
                            if (started is null)
                            {
                                outputs.Add(new ErrorOutput("WorkerCrashed", problem!, []));
                                status = CellStatus.Crashed;
                                break;
                            }
                            worker = started;
                        }
                        ErrorOutput? error;
                        (status, line, error, captured, notices) = await worker.RunCellAsync(plan.Number, plan.Kernel, plan.Code, options.CellTimeout,
                            (output, displayId) => Add(outputs, output, displayId, displays),
                            (displayId, output) => Replace(displayId, output, displays), cancellation, plan.Capture);
                        if (error is not null) outputs.Add(error);
                        if (status is CellStatus.TimedOut or CellStatus.Crashed)
                        {
                            worker.Dispose();
                            worker = null;
                        }
                        break;
                    case KernelNames.Markdown or KernelNames.Mermaid:
                        status = CellStatus.Succeeded; // shown by the page, not executed (see tools/README.md)
                        break;
                    default:
                        outputs.Add(new ErrorOutput("KernelNotSupported",
                            $"cell {plan.Number} uses the kernel '{plan.Kernel}', which this engine cannot run: it runs csharp and html cells (markdown and mermaid cells are shown)", []));
                        status = CellStatus.Failed;
                        break;
                }
                results.Add(new CellResult(plan.Number, plan.Kernel, status, outputs, watch.Elapsed, count, line, captured) { Notices = notices });
                if (status != CellStatus.Succeeded && !options.ContinueOnError) stopped = true;
            }
            ended = true;
        }
        finally
        {
            // A worker that timed out or crashed was ended above; one left here served only cells that ended in it.
            if (worker is not null && ended && options.Workers is { } pool) pool.Return(worker, workerPath, options.WorkerEnvironment);
            else worker?.Dispose();
        }
        return (results, total.Elapsed);
    }

    // Consecutive writes to the same stream become one output, as in the real kernel's notebooks.
    private static void Add(List<CellOutput> outputs, CellOutput output, string? displayId, Dictionary<string, (List<CellOutput>, int)> displays)
    {
        if (output is StreamOutput stream && outputs.Count > 0 && outputs[^1] is StreamOutput last && last.Name == stream.Name)
        {
            outputs[^1] = last with { Text = last.Text + stream.Text };
            return;
        }
        if (displayId is not null) displays[displayId] = (outputs, outputs.Count);
        outputs.Add(output);
    }

    private static void Replace(string displayId, CellOutput output, Dictionary<string, (List<CellOutput> Outputs, int Index)> displays)
    {
        if (displays.TryGetValue(displayId, out var place)) place.Outputs[place.Index] = output;
    }
}
