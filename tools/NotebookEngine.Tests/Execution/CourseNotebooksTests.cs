using System.Text.RegularExpressions;
using Course.NotebookEngine.Outputs;
using Course.NotebookEngine.Running;

namespace Course.NotebookEngine.Tests.Execution;

/// <summary>Every notebook of the course (notebooks/, solutions/, exercises/) runs without an error or a compiler warning.</summary>
public sealed partial class CourseNotebooksTests
{
    private const string AlwaysPresent = "tools/NotebookEngine.Tests/Corpus/vscode-polyglot.ipynb";

    public static TheoryData<string> CourseNotebooks()
    {
        // One always-present row keeps the theory from being empty before the course has notebooks.
        var data = new TheoryData<string> { AlwaysPresent };
        foreach (var folder in new[] { "notebooks", "solutions", "exercises" })
        {
            var path = Path.Combine(RepositoryRoot.Path, folder);
            if (!Directory.Exists(path)) continue;
            foreach (var file in Directory.GetFiles(path, "*.ipynb", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal))
                data.Add(Path.GetRelativePath(RepositoryRoot.Path, file).Replace('\\', '/'));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CourseNotebooks))]
    public async Task Course_notebook_runs_without_an_error_or_a_compiler_warning(string relativePath)
    {
        var options = new RunOptions { CellTimeout = TimeSpan.FromMinutes(5) };

        var run = await NotebookRunner.RunAsync(Path.Combine(RepositoryRoot.Path, relativePath), options, TestContext.Current.CancellationToken);

        Assert.True(run.Succeeded, run.FailureSummary);
        // The kernel sends diagnostics to stderr, as the tool does; a learner must never see one under a lesson's cell.
        var warnings = run.Cells
            .SelectMany(c => c.Outputs.OfType<StreamOutput>().Where(s => s.Name == "stderr")
                .SelectMany(s => s.Text.Split('\n')).Where(line => WarningLine().IsMatch(line)).Select(line => $"cell {c.Number}: {line.Trim()}"))
            .ToList();
        Assert.True(warnings.Count == 0, string.Join("\n", warnings));
    }

    [GeneratedRegex(@"\bwarning CS\d+")]
    private static partial Regex WarningLine();
}
