using System.Text.RegularExpressions;

namespace Course.Kernel.Tests.Jupyter;

/// <summary>Debian's jupyter_kernel_test suite, subclassed for this kernel in python/test_course_kernel.py.</summary>
public partial class KernelTestSuiteTests
{
    // The suite's tests this kernel supports; the others (pager, clear_output, history) skip by design.
    private static readonly string[] Applicable =
    [
        "test_kernel_info", "test_execute_stdout", "test_execute_stderr", "test_completion", "test_is_complete",
        "test_error", "test_execute_result", "test_display_data", "test_inspect",
    ];

    [Fact]
    public void Every_applicable_jupyter_kernel_test_passes()
    {
        var run = JupyterEnvironment.RunPython(["-m", "unittest", "-v", "test_course_kernel"], TimeSpan.FromMinutes(3));

        var outcomes = Outcome().Matches(run.Stderr).Select(m => (Test: m.Groups[1].Value, Result: m.Groups[2].Value.Trim())).ToList();
        var report = string.Join("\n", outcomes.Select(o => $"{o.Test}: {o.Result}"));
        TestContext.Current.TestOutputHelper?.WriteLine($"jupyter_kernel_test in {run.Duration.TotalSeconds:0.0} s\n{report}");
        Assert.True(run.ExitCode == 0, $"the suite exited with {run.ExitCode}:\n{report}\n{run.Stderr}");
        foreach (var test in Applicable)
            Assert.True(outcomes.Any(o => o.Test == test && o.Result == "ok"), $"{test} did not pass:\n{report}");
    }

    [GeneratedRegex(@"^(test_\w+) \(test_course_kernel\.CourseKernelTests\.test_\w+\)(?: \([^)]*\))? \.\.\. ?(ok|skipped.*|FAIL|ERROR|)$", RegexOptions.Multiline)]
    private static partial Regex Outcome();
}
