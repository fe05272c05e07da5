using Course.NotebookEngine.Running;

namespace Course.NotebookEngine.Tests;

/// <summary>The rule corpus (tools/NotebookEngine.Tests/Corpus).</summary>
internal static class Corpus
{
    public static string Folder => Path.Combine(RepositoryRoot.Path, "tools", "NotebookEngine.Tests", "Corpus");

    public static string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>Generous for a loaded 2-core machine; the timeout test sets its own small limit.</summary>
    public static RunOptions Options { get; } = new() { CellTimeout = TimeSpan.FromSeconds(60) };

    public static Task<RunResult> RunAsync(string name, RunOptions? options = null) =>
        NotebookRunner.RunAsync(PathOf(name), options ?? Options, TestContext.Current.CancellationToken);

    public static string NewTempFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "course-notebooks-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }
}
