using System.Text.Json.Nodes;
using Course.NotebookEngine.Format;

namespace Course.NotebookEngine.Tests.Rendering;

/// <summary>Notebooks made of markdown cells, for page tests.</summary>
internal static class MarkdownNotebook
{
    public static Notebook Of(params string[] markdownCells) => Of(markdownCells.AsEnumerable());

    public static Notebook Of(IEnumerable<string> markdownCells)
    {
        var cells = new JsonArray();
        foreach (var source in markdownCells)
            cells.Add(new JsonObject { ["cell_type"] = "markdown", ["metadata"] = new JsonObject(), ["source"] = source });
        var notebook = new JsonObject
        {
            ["cells"] = cells,
            ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["name"] = ".net-csharp", ["display_name"] = ".NET (C#)", ["language"] = "C#" } },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        return Notebook.Parse(notebook.ToJsonString(), "math.ipynb");
    }

    /// <summary>Every markdown cell of the course's lessons (notebooks/0*.ipynb), in order.</summary>
    public static IEnumerable<string> LessonCells() =>
        Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "notebooks"), "0*.ipynb").Order(StringComparer.Ordinal)
            .Select(Notebook.Load)
            .SelectMany(notebook => notebook.Cells.Where(cell => cell.CellType == "markdown").Select(cell => cell.Source));
}
