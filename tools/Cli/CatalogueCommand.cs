using Course.Grading.Catalogue;
using Course.Grading.Running;

namespace Course.Cli;

/// <summary><c>course catalogue [--check]</c>: writes exercises/Checks/catalogue.json from solutions/, or checks that it is in step.</summary>
internal static class CatalogueCommand
{
    public const string Usage = """
        usage: course catalogue [--check]
                 Writes exercises/Checks/catalogue.json from the solved notebooks in solutions/ (ids and titles from
                 the markers, stub hashes from the stubs StubMaker makes, check-cell hashes; time limits kept).
                 --check writes nothing and exits 1 naming each difference between the file and solutions/.
        """;

    /// <summary>Runs the command in the repository at <paramref name="root"/> (default: the one around the current folder); returns the exit code.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error, string? root = null)
    {
        var check = args switch
        {
            [] => false,
            ["--check"] => true,
            _ => throw new UsageException($"unknown catalogue arguments '{string.Join(" ", args)}'"),
        };
        try
        {
            root ??= GradingEnvironment.RepositoryRoot(Directory.GetCurrentDirectory());
            var path = Path.Combine(root, ExerciseCatalogue.RelativePath);
            var current = File.Exists(path) ? ExerciseCatalogue.Load(path) : null;
            var fromSolutions = CatalogueSync.FromSolutions(Path.Combine(root, "solutions"), current);
            if (check)
            {
                if (current is null)
                {
                    error.WriteLine($"course catalogue: {ExerciseCatalogue.RelativePath} is missing; write it with `dotnet run --project tools/Cli -- catalogue`");
                    return 1;
                }
                var differences = CatalogueSync.Differences(current, fromSolutions, "solutions/");
                foreach (var difference in differences) error.WriteLine($"{ExerciseCatalogue.RelativePath}: {difference}");
                if (differences.Count > 0)
                {
                    error.WriteLine($"{differences.Count} difference(s); `dotnet run --project tools/Cli -- catalogue` rewrites the file from solutions/");
                    return 1;
                }
                output.WriteLine($"{ExerciseCatalogue.RelativePath} is in step with solutions/ ({current.Count} exercises)");
                return 0;
            }
            var text = ExerciseCatalogue.Write(fromSolutions);
            var changed = !File.Exists(path) || File.ReadAllText(path) != text;
            if (changed)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, text);
            }
            output.WriteLine($"{(changed ? "wrote" : "unchanged:")} {ExerciseCatalogue.RelativePath} ({fromSolutions.Count} exercises from solutions/"
                + (current is null ? "; no earlier file, so no time limits kept)" : ")"));
            return 0;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or DirectoryNotFoundException or UnauthorizedAccessException
            or Course.NotebookEngine.Format.NotebookFormatException)
        {
            error.WriteLine($"course catalogue: {e.Message}");
            return 1;
        }
    }
}
