using System.Globalization;
using Course.Notebooks.Format;
using Course.Notebooks.Rendering;
using Course.Notebooks.Running;

namespace Course.Cli;

/// <summary>Runs <c>course run</c>: each notebook in its own worker, then writes the executed file and page.</summary>
internal static class Runner
{
    public static async Task<int> RunAsync(RunCommand command)
    {
        var isFolder = Directory.Exists(command.Target);
        if (!isFolder && !File.Exists(command.Target)) throw new UsageException($"{command.Target} is neither a notebook nor a folder");
        var notebooks = isFolder
            ? Directory.GetFiles(command.Target, "*.ipynb").Order(StringComparer.Ordinal).ToList()
            : [command.Target];
        if (notebooks.Count == 0) Console.WriteLine($"{command.Target}: no notebooks");
        var options = new RunOptions { CellTimeout = command.Timeout };
        var failed = 0;
        var pages = new List<SiteIndex.Entry>();
        foreach (var path in notebooks)
        {
            RunResult result;
            try
            {
                result = await NotebookRunner.RunAsync(path, options);
            }
            catch (NotebookFormatException e)
            {
                Console.WriteLine($"notebook {Path.GetFileName(path)}: {e.Message}");
                failed++;
                continue;
            }
            var seconds = result.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
            var ran = result.Cells.Count(c => c.Status != CellStatus.NotRun);
            if (result.Succeeded) Console.WriteLine($"notebook {result.Name}: {ran} code cells succeeded in {seconds} s");
            else
            {
                failed++;
                Console.WriteLine(result.FailureSummary);
                Console.WriteLine($"notebook {result.Name}: failed after {ran} of {result.Cells.Count} code cells in {seconds} s");
            }
            if (command.Out is not null) result.Notebook!.Save(Destination(command.Out, path, isFolder, ".ipynb"));
            if (command.Html is not null)
            {
                var page = Destination(command.Html, path, isFolder, ".html");
                await File.WriteAllTextAsync(page, HtmlPage.Render(result.Notebook!, command.Plotly));
                pages.Add(SiteIndex.Describe(result, Path.GetFileName(page)));
            }
        }
        if (isFolder && command.Html is not null && pages.Count > 0)
        {
            var index = Path.Combine(command.Html, "index.html");
            var heading = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(command.Target)));
            await File.WriteAllTextAsync(index, SiteIndex.Render($"Backprop from Scratch in C# — {heading}", pages));
            Console.WriteLine($"pages written to {command.Html}; open {index}");
        }
        return failed == 0 ? 0 : 1;
    }

    // With a folder of notebooks, --out and --html name folders that receive one file per notebook.
    private static string Destination(string option, string notebook, bool targetIsFolder, string extension)
    {
        if (!targetIsFolder && !Directory.Exists(option))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(option))!);
            return option;
        }
        Directory.CreateDirectory(option);
        return Path.Combine(option, Path.GetFileNameWithoutExtension(notebook) + extension);
    }
}
