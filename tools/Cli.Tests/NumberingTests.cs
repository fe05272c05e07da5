using Course.NotebookEngine.Rendering;
using Course.NotebookEngine.Running;
using static Course.Cli.Tests.Fixtures;

namespace Course.Cli.Tests;

/// <summary>
/// One numbering of cells: position in the notebook, every cell counting from 1 (VS Code's status bar "Cell 4 of 5").
/// The command's failure line, its closing count, the page's [n] and #cell-n, and the index's link all use it.
/// </summary>
public sealed class NumberingTests
{
    [Fact]
    public async Task A_failing_cell_has_the_same_number_in_the_messages_on_the_page_and_in_the_index()
    {
        var root = NewTempFolder();
        var folder = Path.Combine(root, "lessons");
        WriteNotebook(Path.Combine(folder, "a.ipynb"), Markdown("# A"), Code("var x = 6 * 7;"), Markdown("Then:"), Code("x"));
        WriteNotebook(Path.Combine(folder, "b.ipynb"),
            Markdown("# B"),
            Code("var y = 1;"),
            Markdown("This one fails on its second line (the kernel gives compile errors a line; exceptions it cannot place):"),
            Code("var z = 2;\nvar w = boom;"),
            Code("y"));
        var site = Path.Combine(root, "site");
        var console = new StringWriter();

        var exit = await Runner.RunAsync(new RunCommand(folder, null, site, TimeSpan.FromSeconds(120), PlotlyMode.Cdn),
            (path, options) => NotebookRunner.RunAsync(path, options, TestContext.Current.CancellationToken), console);

        var lines = console.ToString().Split('\n');
        Assert.Equal(1, exit);
        Assert.Contains(lines, line => line.StartsWith("notebook a.ipynb: all 2 code cells succeeded (4 cells in all) in ", StringComparison.Ordinal));
        Assert.Contains("notebook b.ipynb, cell 4, line 2: (2,9): error CS0103: The name 'boom' does not exist in the current context", lines);
        Assert.Contains(lines, line => line.StartsWith("notebook b.ipynb: stopped at cell 4 of 5 — 1 code cell before it succeeded, 1 after it did not run — in ", StringComparison.Ordinal));

        var page = File.ReadAllText(Path.Combine(site, "b.html"));
        var failed = page[page.IndexOf("<section class=\"code\" id=\"cell-4\">", StringComparison.Ordinal)..];
        failed = failed[..failed.IndexOf("</section>", StringComparison.Ordinal)];
        Assert.Contains(">[4]</a>", failed);
        Assert.Contains("boom", failed);
        Assert.Contains("<section class=\"code\" id=\"cell-2\"><a class=\"prompt\" href=\"#cell-2\" title=\"cell 2 of 5", page);
        Assert.Contains("<section class=\"code\" id=\"cell-5\"><a class=\"prompt\" href=\"#cell-5\" title=\"cell 5 of 5", page);

        var index = File.ReadAllText(Path.Combine(site, "index.html"));
        Assert.Contains("<a href=\"b.html#cell-4\">notebook b.ipynb, cell 4, line 2: (2,9): error CS0103: The name &#39;boom&#39; does not exist in the current context</a>", index);
        Assert.Empty(SiteCrawler.DeadLinks(site));
    }

    [Fact]
    public void Closing_line_counts_code_cells_and_names_the_failing_cell_by_its_position()
    {
        var path = WriteNotebook(Path.Combine(NewTempFolder(), "x.ipynb"),
            Markdown("# X"), Code("1"), Markdown("m"), Code("2"), Markdown("m"), Markdown("m"), Code("3"), Markdown("m"), Code("4"), Code("5"));
        var notebook = Course.NotebookEngine.Format.Notebook.Load(path);
        CellResult Cell(int number, CellStatus status) => new(number, "csharp", status, [], TimeSpan.Zero, null, null);
        var failed = new RunResult("x.ipynb", notebook,
            [Cell(2, CellStatus.Succeeded), Cell(4, CellStatus.Succeeded), Cell(7, CellStatus.TimedOut), Cell(9, CellStatus.NotRun), Cell(10, CellStatus.NotRun)],
            TimeSpan.FromSeconds(1.2));
        var succeeded = failed with { Cells = [Cell(2, CellStatus.Succeeded), Cell(4, CellStatus.Succeeded), Cell(7, CellStatus.Succeeded), Cell(9, CellStatus.Succeeded), Cell(10, CellStatus.Succeeded)] };

        Assert.Equal("notebook x.ipynb, cell 7: error\nnotebook x.ipynb: stopped at cell 7 of 10 — 2 code cells before it succeeded, 2 after it did not run — in 1.2 s",
            Runner.Outcome(failed));
        Assert.Equal("notebook x.ipynb: all 5 code cells succeeded (10 cells in all) in 1.2 s", Runner.Outcome(succeeded));
    }
}
