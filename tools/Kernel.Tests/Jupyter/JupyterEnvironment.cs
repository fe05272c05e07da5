using Course.Kernel.Installation;

namespace Course.Kernel.Tests.Jupyter;

/// <summary>
/// What the Python-driven tests share: Debian's Jupyter packages (checked once with <see cref="JupyterPython"/>), and a
/// kernelspec for the course.dll beside these tests, installed with <c>course kernel install --prefix</c> into a temporary
/// folder that JUPYTER_PATH points at.
/// </summary>
internal static class JupyterEnvironment
{
    public const string KernelName = "course-csharp-test";

    public const string AptInstall =
        "sudo apt-get update && sudo apt-get install -y python3-jupyter-client python3-nbclient python3-nbconvert python3-jupyter-kernel-test";

    private static readonly Lazy<string> Prefix = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Python => JupyterPython.Program;

    public static string ScriptFolder => Path.Combine(AppContext.BaseDirectory, "python");

    /// <summary>Runs a Python script or module with the test kernelspec visible; fails with the apt-get line when Jupyter is missing.</summary>
    public static ProcessResult RunPython(IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null)
    {
        var prefix = Prefix.Value;
        var environment = new Dictionary<string, string>
        {
            ["JUPYTER_PATH"] = Path.Combine(prefix, "share", "jupyter"),
            ["JUPYTER_RUNTIME_DIR"] = Path.Combine(prefix, "runtime"),
            ["JUPYTER_DATA_DIR"] = Path.Combine(prefix, "data"),
            ["COURSE_KERNEL_NAME"] = KernelName,
            ["PYTHONDONTWRITEBYTECODE"] = "1",
            ["PYTHONUNBUFFERED"] = "1",
        };
        return ProcessResult.Run(Python, arguments, workingDirectory ?? ScriptFolder, environment, timeout);
    }

    private static string Install()
    {
        JupyterPython.Require("jupyter_client, nbclient, nbconvert, jupyter_kernel_test", AptInstall);

        var prefix = Path.Combine(Path.GetTempPath(), $"course-kernel-tests-{Environment.ProcessId}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(prefix, recursive: true); } catch (IOException) { } };
        var course = Path.Combine(AppContext.BaseDirectory, "course.dll");
        var install = ProcessResult.Run(KernelSpec.DotnetPath(), [course, "kernel", "install", "--prefix", prefix, "--name", KernelName],
            AppContext.BaseDirectory, new Dictionary<string, string>(), TimeSpan.FromSeconds(60));
        if (install.ExitCode != 0) throw new InvalidOperationException($"course kernel install failed ({install.ExitCode}): {install.Stdout}{install.Stderr}");
        return prefix;
    }
}
