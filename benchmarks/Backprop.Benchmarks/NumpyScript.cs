using System.Diagnostics;

namespace Backprop.Benchmarks;

/// <summary>Runs one of benchmarks/'s numpy scripts and reads its "key value" lines (both comparisons use it).</summary>
internal static class NumpyScript
{
    /// <summary>The script's exit code, its "key value" lines and its standard error; null when python cannot be started.</summary>
    public static (int ExitCode, Dictionary<string, string> Values, string Error)? Run(string python, string script, params string[] arguments)
    {
        var start = new ProcessStartInfo(python, [Path.Combine(Compare.FindBenchmarksFolder(), script), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split(' ', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1].Trim());
            return (process.ExitCode, values, error.Trim());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Console.WriteLine($"Could not start {python}: {e.Message}");
            return null;
        }
    }
}
