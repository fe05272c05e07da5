using System.Text.Json;
using System.Text.Json.Nodes;

namespace Course.RealKernel.Tests;

/// <summary>
/// The dotnet-interactive tool pinned in the repository's tool manifest (.config/dotnet-tools.json), brought with
/// <c>dotnet tool restore</c> and registered as a Jupyter kernel in a temporary JUPYTER_PATH, with the kernelspec that
/// <c>dotnet interactive jupyter install</c> writes (its HTTP port range cut in disjoint parts, one kernelspec each, so that
/// kernels started together never race for a port). Set up once per test run; every notebook runs in its own kernel process.
/// </summary>
internal static class RealKernel
{
    public const string KernelName = "dotnet-interactive-csharp-test";
    public const string ToolPackage = "microsoft.dotnet-interactive";

    public const string AptInstall = "sudo apt-get update && sudo apt-get install -y python3-jupyter-client python3-nbclient";

    /// <summary>A cell that runs longer than this is stopped and reported (lesson 6's training is the longest).</summary>
    public static readonly TimeSpan CellTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The kernelspec's HTTP ports, 2048-3000 as <c>dotnet interactive jupyter install</c> writes them, cut into this many
    /// disjoint ranges, one kernelspec each.</summary>
    private const int PortRanges = 8;

    private static long nextSlot = -1;

    private static readonly Lazy<Registration> Registered = new(Register, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The tool's version as the manifest pins it.</summary>
    public static string Version => Registered.Value.Version;

    /// <summary>Executes every cell of <paramref name="notebook"/> (even after a failing one) in a fresh kernel.</summary>
    public static Execution Execute(string notebook)
    {
        var registration = Registered.Value;
        // Kernels started at the same moment pick the same free port of their --http-port-range (it is checked, then
        // bound) and one dies with "address already in use" (seen with two at once): each run takes the next range.
        var slot = (int)(Interlocked.Increment(ref nextSlot) % PortRanges);
        var output = Path.Combine(registration.Prefix, "executed", $"{Guid.NewGuid():N}.ipynb");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var environment = new Dictionary<string, string>
        {
            ["JUPYTER_PATH"] = registration.Prefix,
            ["JUPYTER_RUNTIME_DIR"] = Path.Combine(registration.Prefix, "runtime"),
            ["JUPYTER_DATA_DIR"] = Path.Combine(registration.Prefix, "data"),
            ["PYTHONDONTWRITEBYTECODE"] = "1",
            ["PYTHONUNBUFFERED"] = "1",
        };
        var run = ProcessResult.Run(JupyterPython.Program,
            ["run_notebook.py", $"{KernelName}-{slot}", notebook, output, ((int)CellTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture)],
            Path.Combine(AppContext.BaseDirectory, "python"), environment, TimeSpan.FromMinutes(20));
        const string prefix = "run_notebook: ";
        var lines = run.Stdout.Split('\n', StringSplitOptions.TrimEntries).Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l[prefix.Length..]).ToList();
        var kernelLog = run.Stdout + run.Stderr;
        var timing = lines.FirstOrDefault(l => l.StartsWith('{'));
        if (timing is null || !File.Exists(output))
            throw new InvalidOperationException($"run_notebook.py exited with {run.ExitCode} on {notebook} after {run.Duration.TotalSeconds:0.0} s:\n{Tail(kernelLog)}");
        var seconds = JsonNode.Parse(timing)!;
        var executed = JsonNode.Parse(File.ReadAllText(output))!;
        File.Delete(output);
        // A cell past its time limit or a kernel that died: the kernel's own last words are in its log.
        var stopped = lines.FirstOrDefault(l => l.StartsWith("STOPPED ", StringComparison.Ordinal));
        if (stopped is not null) stopped += $"\n  the kernel's last output:\n{Tail(kernelLog)}";
        return new Execution(executed, seconds["startup"]!.GetValue<double>(), seconds["cells"]!.GetValue<double>(), stopped);
    }

    private static Registration Register()
    {
        // Skip (learner) or fail (CI) before anything is downloaded.
        JupyterPython.Require("jupyter_client, nbclient, nbformat", AptInstall);
        var root = RepositoryRoot.Path;
        var dotnet = Dotnet();

        // The manifest is the one place the version lives; restoring makes `dotnet test` on a fresh clone self-sufficient.
        var restore = ProcessResult.Run(dotnet, ["tool", "restore"], root, new Dictionary<string, string>(), TimeSpan.FromMinutes(5));
        if (restore.ExitCode != 0)
            throw new InvalidOperationException($"`dotnet tool restore` failed ({restore.ExitCode}):\n{restore.Stdout}\n{restore.Stderr}");
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(root, ".config", "dotnet-tools.json")))!;
        var version = manifest["tools"]?[ToolPackage]?["version"]?.GetValue<string>()
            ?? throw new InvalidOperationException($".config/dotnet-tools.json does not pin {ToolPackage}");

        var prefix = Directory.CreateTempSubdirectory("course-real-kernel-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(prefix, recursive: true); } catch (IOException) { } };
        const int first = 2048, last = 3000, width = (last - first + 1) / PortRanges;
        for (var slot = 0; slot < PortRanges; slot++)
        {
            var spec = Path.Combine(prefix, "kernels", $"{KernelName}-{slot}");
            Directory.CreateDirectory(spec);
            var ports = $"{first + slot * width}-{first + (slot + 1) * width - 1}";
            var kernelJson = new JsonObject
            {
                // `dotnet interactive jupyter install`'s own argv but for the range. `dotnet interactive` is the manifest's
                // tool, found from the kernel's folder (the notebook's, inside the repository). Jupyter starts a kernel in a
                // session of its own and kills the process group, so the tool process under the muxer never outlives it.
                ["argv"] = new JsonArray(dotnet, "interactive", "jupyter", "--default-kernel", "csharp", "{connection_file}", "--http-port-range", ports),
                ["display_name"] = $".NET (C#) {version}",
                ["language"] = "C#",
                ["env"] = new JsonObject { ["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1" },
            };
            File.WriteAllText(Path.Combine(spec, "kernel.json"), kernelJson.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
        return new Registration(prefix, version);
    }

    /// <summary>The dotnet running `dotnet test` (DOTNET_HOST_PATH), else the one on PATH.</summary>
    internal static string Dotnet() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(30));

    private sealed record Registration(string Prefix, string Version);
}

/// <summary>A notebook as the kernel left it, with the kernel's start-up time and the cells' time; <see cref="Stopped"/> names a
/// cell that exceeded the time limit, or a kernel that died, with the kernel's last output.</summary>
internal sealed record Execution(JsonNode Notebook, double StartupSeconds, double CellSeconds, string? Stopped);
