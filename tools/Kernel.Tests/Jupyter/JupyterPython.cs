using System.Diagnostics;

namespace Course.Testing;

/// <summary>
/// Debian's python3 and its Jupyter packages, for the tests that drive Jupyter's own clients: this project's (the course
/// kernel's) and tools/RealKernel.Tests (the dotnet-interactive tool's), which compiles this file too. One rule for both:
/// without the packages a learner's machine skips those tests with the command that installs them; CI (CI=true) fails.
/// </summary>
internal static class JupyterPython
{
    /// <summary>Debian's python (a pyenv python3 on PATH lacks the packages).</summary>
    public static string Program => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    /// <summary>Imports <paramref name="modules"/> (comma-separated); when that fails, skips the calling test with
    /// <paramref name="installCommand"/>, or throws under CI=true.</summary>
    public static void Require(string modules, string installCommand)
    {
        string? missing;
        try
        {
            var check = ProcessResult.Run(Program, ["-c", $"import {modules}"], AppContext.BaseDirectory, new Dictionary<string, string>(), TimeSpan.FromSeconds(30));
            missing = check.ExitCode == 0 ? null : check.Stderr.Trim().Split('\n').LastOrDefault();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            missing = $"{Program} could not be started: {e.Message}";
        }
        if (missing is null) return;

        var message = $"the Jupyter Python packages are missing ({missing}); install them with:\n{installCommand}";
        // A learner's machine may lack them: skip there, but CI (CI=true) must really run the Jupyter suites.
        if (!string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)) Assert.Skip(message);
        throw new InvalidOperationException(message);
    }
}

/// <summary>A finished child process: exit code, output, and how long it took.</summary>
internal sealed record ProcessResult(int ExitCode, string Stdout, string Stderr, TimeSpan Duration)
{
    public static ProcessResult Run(string program, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return new ProcessResult(-1, stdout.Result, stderr.Result + $"\n(killed after the time limit of {timeout.TotalSeconds} s)", watch.Elapsed);
        }
        process.WaitForExit();
        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result, watch.Elapsed);
    }
}
