using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Microsoft.DotNet.Interactive.Formatting;

namespace Course.NotebookEngine.Execution;

/// <summary>
/// What a worker's process looked like before any cell ran, so that a worker can serve another run as a fresh one would:
/// <see cref="Restore"/> puts back every process-wide thing a cell can change (console, current directory, cultures,
/// environment variables, the kernel's formatters, MathNet's settings and providers), and <see cref="LeftoverAsync"/> finds
/// work a cell left running (a thread, a busy or queued thread-pool item, a timer), after which the worker must not serve again.
/// What this cannot undo is named in tools/README.md ("Worker reuse").
/// </summary>
public sealed class ProcessDefaults
{
    // The runtime's own service threads, named by the runtime on Linux; they never run a cell's code.
    private static readonly HashSet<string> ServiceThreads = new(StringComparer.Ordinal)
    {
        ".NET SynchManag", ".NET EventPipe", ".NET DebugPipe", ".NET Debugger", ".NET Finalizer", ".NET Tiered Com",
        ".NET SigHandler", ".NET Timer", ".NET TP Gate", ".NET TP Wait", ".NET BGC", ".NET Server GC",
    };

    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(5); // on a loaded machine the last run's own ending can take seconds

    private readonly TextWriter _out = Console.Out;
    private readonly TextWriter _error = Console.Error;
    private readonly TextReader _in = Console.In;
    private readonly int _exitCode = Environment.ExitCode;
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;
    private readonly CultureInfo? _threadCulture = CultureInfo.DefaultThreadCurrentCulture;
    private readonly CultureInfo? _threadUiCulture = CultureInfo.DefaultThreadCurrentUICulture;
    private readonly Dictionary<string, string> _environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
        .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);
    private Work? _idle;

    private ProcessDefaults() { }

    /// <summary>Takes the process's state now: call it before the first kernel is created, with the console already set up.</summary>
    public static ProcessDefaults Capture() => new();

    /// <summary>
    /// Records the work running while a kernel sits idle (call it once, with the first kernel warm): what a later check
    /// compares to. The least of a few looks, so that work the warm-up was still ending is not taken for idle; while a
    /// pool item still runs or waits, more looks (up to two seconds): on a loaded machine the warm-up's last items can
    /// outlast the first few, and an idle count that includes them would hide a run's leftover item later.
    /// </summary>
    public async Task MarkIdleAsync()
    {
        var idle = Work.Now();
        for (var look = 0; look < 100 && (look < 10 || idle.BusyPoolThreads > 0 || idle.QueuedItems > 0); look++)
        {
            await Task.Delay(20);
            idle = idle.Least(Work.Now());
        }
        _idle = idle;
    }

    /// <summary>Puts back what <see cref="Capture"/> found, with <paramref name="directory"/> as the current directory. Call it between kernels.</summary>
    public void Restore(string directory)
    {
        Console.SetOut(_out);
        Console.SetError(_error);
        Console.SetIn(_in);
        Environment.ExitCode = _exitCode;
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(n => !_environment.ContainsKey(n)).ToList())
            Environment.SetEnvironmentVariable(name, null);
        foreach (var (name, value) in _environment)
            if (Environment.GetEnvironmentVariable(name) != value) Environment.SetEnvironmentVariable(name, value);
        Directory.SetCurrentDirectory(directory);
        CultureInfo.DefaultThreadCurrentCulture = _threadCulture;
        CultureInfo.DefaultThreadCurrentUICulture = _threadUiCulture;
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
        Formatter.ResetToDefault();
        RestoreMathNet();
    }

    /// <summary>
    /// Null when the process runs no more work than it did idle with its first kernel (waiting a moment for work that is
    /// ending); otherwise what was left running. Call it with a new kernel created and no cell running.
    /// </summary>
    public async Task<string?> LeftoverAsync()
    {
        var idle = _idle ?? throw new InvalidOperationException("MarkIdleAsync was not called");
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var now = Work.Now();
            var problem = now.Beyond(idle);
            if (problem is null || watch.Elapsed > SettleTime) return problem;
            await Task.Delay(20);
        }
    }

    // MathNet.Numerics (every course notebook loads it) keeps its settings and providers in statics. Its own ConfigureAuto
    // and UseDefaultProviders are what its static constructor does; the providers it picks follow the environment, restored above.
    private static void RestoreMathNet()
    {
        var mathNet = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "MathNet.Numerics");
        if (mathNet?.GetType("MathNet.Numerics.Control") is not { } control) return;
        control.GetProperty("NativeProviderPath", BindingFlags.Public | BindingFlags.Static)?.SetValue(null, null);
        control.GetMethod("ConfigureAuto", BindingFlags.Public | BindingFlags.Static, Type.EmptyTypes)?.Invoke(null, null);
        control.GetMethod("UseDefaultProviders", BindingFlags.Public | BindingFlags.Static, Type.EmptyTypes)?.Invoke(null, null);
    }

    /// <summary>Work the process runs besides its own services: threads outside the pool, busy and queued pool items, timers.</summary>
    private sealed record Work(int Threads, int BusyPoolThreads, long QueuedItems, long Timers)
    {
        public static Work Now()
        {
            ThreadPool.GetMaxThreads(out var max, out _);
            ThreadPool.GetAvailableThreads(out var available, out _);
            var busy = max - available - (Thread.CurrentThread.IsThreadPoolThread ? 1 : 0); // the caller's own thread is not left over
            return new(ThreadsOutsidePool(), busy, ThreadPool.PendingWorkItemCount, Timer.ActiveCount);
        }

        public Work Least(Work other) => new(Math.Min(Threads, other.Threads), Math.Min(BusyPoolThreads, other.BusyPoolThreads),
            Math.Min(QueuedItems, other.QueuedItems), Math.Min(Timers, other.Timers));

        public string? Beyond(Work idle)
        {
            var problems = new List<string>();
            if (Threads > idle.Threads) problems.Add($"{Threads - idle.Threads} thread(s) still running");
            if (BusyPoolThreads > idle.BusyPoolThreads) problems.Add($"{BusyPoolThreads - idle.BusyPoolThreads} thread-pool item(s) still running");
            if (QueuedItems > idle.QueuedItems) problems.Add($"{QueuedItems - idle.QueuedItems} thread-pool item(s) queued");
            if (Timers > idle.Timers) problems.Add($"{Timers - idle.Timers} timer(s) pending");
            return problems.Count == 0 ? null : string.Join(", ", problems);
        }

        // On Linux every thread's name can be read, and the runtime's service threads are left out; elsewhere they count too,
        // so one the runtime starts later only costs a fresh worker.
        private static int ThreadsOutsidePool()
        {
            const string Tasks = "/proc/self/task";
            int all;
            if (Directory.Exists(Tasks))
                all = Directory.GetDirectories(Tasks).Count(task => !ServiceThreads.Contains(Name(task)));
            else
                using (var process = Process.GetCurrentProcess()) all = process.Threads.Count;
            return all - ThreadPool.ThreadCount;
        }

        private static string Name(string task)
        {
            try { return File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n'); }
            catch (IOException) { return ""; } // the thread ended while we looked
        }
    }
}
