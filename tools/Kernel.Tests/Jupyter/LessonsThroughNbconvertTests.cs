using System.Text.Json.Nodes;

namespace Course.Kernel.Tests.Jupyter;

/// <summary>Every course notebook executes through the kernel with <c>jupyter nbconvert --to notebook --execute</c>.</summary>
public class LessonsThroughNbconvertTests
{
    public static TheoryData<string> Notebooks() =>
        new(Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "notebooks"), "*.ipynb").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Course_notebook_runs_through_nbconvert_with_the_kernel(string notebook)
    {
        var input = Path.Combine(RepositoryRoot.Path, "notebooks", notebook);
        var output = Directory.CreateTempSubdirectory("course-kernel-nbconvert-");
        try
        {
            // python3 -m nbconvert is `jupyter nbconvert` without needing the jupyter launcher on PATH.
            var run = JupyterEnvironment.RunPython(
                ["-m", "nbconvert", "--to", "notebook", "--execute", $"--ExecutePreprocessor.kernel_name={JupyterEnvironment.KernelName}",
                 "--ExecutePreprocessor.timeout=600", "--output-dir", output.FullName, input],
                TimeSpan.FromMinutes(10));
            TestContext.Current.TestOutputHelper?.WriteLine($"{notebook}: nbconvert through the kernel in {run.Duration.TotalSeconds:0.0} s");
            Assert.True(run.ExitCode == 0, $"nbconvert exited with {run.ExitCode} on {notebook}:\n{run.Stderr}");

            var executed = JsonNode.Parse(File.ReadAllText(Path.Combine(output.FullName, notebook)))!;
            var code = executed["cells"]!.AsArray().Where(c => c!["cell_type"]!.GetValue<string>() == "code").ToList();
            Assert.NotEmpty(code);
            var counts = code.Select(c => c!["execution_count"]?.GetValue<int>()).ToList();
            Assert.Equal(Enumerable.Range(1, code.Count).Select(i => (int?)i), counts);
            var errors = code.SelectMany(c => c!["outputs"]!.AsArray()).Where(o => o!["output_type"]!.GetValue<string>() == "error").ToList();
            Assert.True(errors.Count == 0, $"{notebook} has error outputs: {string.Join("; ", errors.Select(e => e!.ToJsonString()))}");
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }
}
