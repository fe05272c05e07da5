using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Backprop.Checks;
using Course.Grading.Catalogue;
using Course.Grading.ExerciseNotebooks;
using Course.NotebookEngine.Format;
using Course.NotebookEngine.Running;

namespace Course.Grading.Running;

/// <summary>
/// Grades exercise cells: for each exercise, the notebook's setup code, the learner's cell and the call of the check cell
/// under it run in a kernel of their own, in a worker process that is new or was reset for them (so one exercise's endless
/// loop, crash or leftover thread hides nothing else: such a worker is ended, never reused), and the check's result, the
/// compile error, the timeout or the crash becomes an <see cref="ExerciseGrade"/>.
/// </summary>
public static partial class Grader
{
    /// <summary>Grades every exercise of <paramref name="catalogue"/> found in <paramref name="folder"/>, a few at a time, in catalogue order.</summary>
    public static async Task<IReadOnlyList<ExerciseGrade>> GradeAllAsync(
        string folder, IEnumerable<ExerciseSpec> catalogue, GradingOptions? options = null, CancellationToken cancellation = default)
    {
        options ??= new GradingOptions();
        using var slots = new SemaphoreSlim(Math.Max(1, options.Parallelism));
        var tasks = catalogue.Select(async spec =>
        {
            await slots.WaitAsync(cancellation);
            try { return await GradeAsync(spec, folder, options, cancellation); }
            finally { slots.Release(); }
        }).ToList();
        return await Task.WhenAll(tasks);
    }

    /// <summary>Grades one exercise in the notebook of <paramref name="folder"/> named by the catalogue.</summary>
    public static async Task<ExerciseGrade> GradeAsync(ExerciseSpec spec, string folder, GradingOptions? options = null, CancellationToken cancellation = default)
    {
        options ??= new GradingOptions();
        var shown = NotebookIntegrity.Shown(folder, spec.Notebook);
        var location = $"{shown}, EXERCISE {spec.Id}";
        var path = Path.Combine(folder, spec.Notebook);
        if (!File.Exists(path))
            return new(spec, GradeStatus.Failed, $"{shown} is missing; restore it from the course repository", location, TimeSpan.Zero);
        ExerciseNotebook notebook;
        try { notebook = ExerciseNotebook.Load(path); }
        catch (NotebookFormatException e) { return new(spec, GradeStatus.Failed, $"{shown} cannot be read: {e.Message}", location, TimeSpan.Zero); }
        var cells = notebook.Markers.Where(m => m.Id == spec.Id).ToList();
        if (cells.Count != 1)
        {
            var problem = NotebookIntegrity.Problems(notebook, shown, [spec]).First();
            return new(spec, GradeStatus.Failed, problem, location, TimeSpan.Zero);
        }
        if (options.TrustStubHash && CellHash.Of(cells[0].Code) == spec.StubHash)
            return new(spec, GradeStatus.NotAttempted, $"not attempted — {location}", location, TimeSpan.Zero);
        // What judges the learner comes from their notebook only as the catalogue fixed it: a changed check cell fails.
        var (checkCell, checkProblem) = CheckCell.Verified(notebook, cells[0], spec, shown);
        if (checkCell is null) return new(spec, GradeStatus.Failed, checkProblem!, location, TimeSpan.Zero);
        return await GradeCellAsync(spec, notebook.SetupCode, cells[0].Code, checkCell, Path.GetDirectoryName(notebook.Path)!, location, options, cancellation);
    }

    /// <summary>
    /// Grades <paramref name="cellCode"/> as the answer to <paramref name="spec"/>: runs <paramref name="setupCode"/>, the cell
    /// and the check call of <paramref name="checkCell"/> (the notebook's check cell, its hash already verified against the
    /// catalogue) in one fresh kernel whose relative paths resolve against <paramref name="baseDirectory"/>.
    /// </summary>
    public static async Task<ExerciseGrade> GradeCellAsync(ExerciseSpec spec, IReadOnlyList<string> setupCode, string cellCode, string checkCell,
        string baseDirectory, string location, GradingOptions? options = null, CancellationToken cancellation = default)
    {
        options ??= new GradingOptions();
        // The check's result reaches the grader as a value the worker reads from the kernel and serialises itself, never
        // as text the learner's cell could print, rewrite or suppress; the variable's name is new for every run.
        var limit = spec.TimeLimit ?? options.TimeLimit; // an exercise whose check trains a network names its own
        var variable = "__courseCheck_" + Guid.NewGuid().ToString("N");
        var check = $"var {variable} = {CheckCell.Qualified(checkCell)}\n;"; // on a line of its own: the cell may end in a comment
        var snippets = setupCode.Append(cellCode).Append(check).ToList();
        var capture = new VariableCapture(variable, typeof(CheckResult).FullName!, typeof(CheckResult).Assembly.GetName().Name!,
            ChecksPath(setupCode, baseDirectory));
        var run = await NotebookRunner.RunCodeAsync(snippets, baseDirectory,
            new RunOptions { CellTimeout = limit, WorkerPath = options.WorkerPath, WorkerEnvironment = ShortRun, Workers = options.Workers }, cancellation, capture);
        var (status, message, result) = Classify(run, setupCode.Count, spec, location, limit);
        return new(spec, status, message, location, run.Duration, result);
    }

    // A grading run is a few short cells: most of its time is the worker's start, JIT-compiling the C# compiler. Dynamic PGO
    // instruments that code for a long life it never has; without it a grading run took about a quarter less time.
    private static readonly IReadOnlyDictionary<string, string> ShortRun = new Dictionary<string, string> { ["DOTNET_TieredPGO"] = "0" };

    // The checks' file the setup code loads (#r "…/Backprop.Checks.dll"): the check's result must come from it.
    private static string? ChecksPath(IReadOnlyList<string> setupCode, string baseDirectory)
    {
        var reference = setupCode.SelectMany(code => code.Split('\n'))
            .Select(line => ChecksReference().Match(line))
            .FirstOrDefault(m => m.Success);
        return reference is null ? null : Path.GetFullPath(Path.Combine(baseDirectory, reference.Groups[1].Value));
    }

    [GeneratedRegex(@"^\s*#r\s+""([^""]*Backprop\.Checks\.dll)""")]
    private static partial Regex ChecksReference();

    private static readonly JsonSerializerOptions ResultJson = new() { Converters = { new JsonStringEnumConverter() } };

    private static CheckResult? Read(string json)
    {
        try { return JsonSerializer.Deserialize<CheckResult>(json, ResultJson); }
        catch (JsonException) { return null; }
    }

    private static (GradeStatus, string, CheckResult?) Classify(RunResult run, int setupCount, ExerciseSpec spec, string location, TimeSpan limit)
    {
        var seconds = limit.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < run.Cells.Count; i++)
        {
            var cell = run.Cells[i];
            if (cell.Succeeded) continue;
            var part = i < setupCount ? $"the notebook's setup code (code cell {i + 1} before the exercises)"
                : i == setupCount ? "your exercise cell" : "the check of your code";
            var error = cell.Error;
            var (status, message) = cell.Status switch
            {
                CellStatus.TimedOut => (GradeStatus.Failed, $"{part} did not finish within the time limit of {seconds} s and was stopped — an endless loop?"),
                CellStatus.Crashed when error?.Value.StartsWith("the notebook worker", StringComparison.Ordinal) == true =>
                    (GradeStatus.Failed, $"the grading process could not start, so nothing was graded ({error.Value}); run the tests again"),
                CellStatus.Crashed when error?.Value.Contains("stack overflow", StringComparison.OrdinalIgnoreCase) == true =>
                    (GradeStatus.Failed, $"{part} crashed the grading process — endless recursion? ({error.Value})"),
                CellStatus.Crashed => (GradeStatus.Failed,
                    $"{part} ended the grading process before the check could give its result ({error?.Value}) — does it call Environment.Exit, or throw on another thread?"),
                _ when i == setupCount && error?.Name == "System.NotImplementedException" =>
                    (GradeStatus.NotAttempted, $"not attempted — {location}"),
                _ when error?.Name == "CompilationError" && i == setupCount =>
                    (GradeStatus.Failed, $"your exercise cell does not compile (line 1 is the `// EXERCISE {spec.Id}` marker line):\n{error.Value}"),
                _ when error?.Name == "CompilationError" && i > setupCount =>
                    (GradeStatus.Failed, $"the check cannot use your code — did you rename or remove what the exercise cell declares?\n{error.Value}"),
                _ when i < setupCount =>
                    (GradeStatus.Failed, $"{part} failed, so nothing could be graded (is lib built? run `dotnet build` at the repository root): {error?.Value}"),
                _ => (GradeStatus.Failed, $"{part} threw {error?.Name}: {error?.Value}"),
            };
            return (status, message, null);
        }
        var captured = run.Cells[^1].Captured;
        var line = captured?.Json is { } json ? Read(json) : null;
        if (line is null)
            return (GradeStatus.Failed, $"the check gave the grader no result ({captured?.Problem ?? "the grading process sent none"})", null);
        if (line.Exercise != spec.Id)
            return (GradeStatus.Failed, $"the grader's catalogue is inconsistent: EXERCISE {spec.Id} ran the check of EXERCISE {line.Exercise}", null);
        return line.Status switch
        {
            CheckStatus.Passed => (GradeStatus.Passed, line.ToString(), line),
            CheckStatus.NotAttempted => (GradeStatus.NotAttempted, $"not attempted — {location}", line),
            _ => (GradeStatus.Failed, line.ToString(), line),
        };
    }
}
