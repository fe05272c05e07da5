using System.Text.Json.Nodes;
using Course.NotebookEngine.Format;
using Course.NotebookEngine.Running;

namespace Course.Cli.Tests;

/// <summary>Temporary folders, small notebooks written on the fly, and a run that runs nothing.</summary>
internal static class Fixtures
{
    public static string NewTempFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "course-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static JsonObject Markdown(string source) => new() { ["cell_type"] = "markdown", ["metadata"] = new JsonObject(), ["source"] = source };

    public static JsonObject Code(string source) => new()
    {
        ["cell_type"] = "code",
        ["execution_count"] = null,
        ["metadata"] = new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" } },
        ["outputs"] = new JsonArray(),
        ["source"] = source,
    };

    public static string WriteNotebook(string path, params JsonObject[] cells)
    {
        var notebook = new JsonObject
        {
            ["cells"] = new JsonArray(cells.Select(c => (JsonNode)c).ToArray()),
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["name"] = ".net-csharp", ["display_name"] = ".NET (C#)", ["language"] = "C#" },
                ["polyglot_notebook"] = new JsonObject { ["kernelInfo"] = new JsonObject { ["defaultKernelName"] = "csharp" } },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, notebook.ToJsonString());
        return path;
    }

    /// <summary>Stands in for the engine where only the pages matter: every code cell "succeeds" with no output.</summary>
    public static Task<RunResult> NothingRuns(string path, RunOptions options)
    {
        var notebook = Notebook.Load(path);
        var cells = notebook.Cells.Where(c => c.IsCode)
            .Select(c => new CellResult(c.Number, "csharp", CellStatus.Succeeded, [], TimeSpan.Zero, null, null)).ToList();
        return Task.FromResult(new RunResult(notebook.DisplayName, notebook, cells, TimeSpan.Zero));
    }
}
