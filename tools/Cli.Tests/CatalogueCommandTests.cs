namespace Course.Cli.Tests;

/// <summary><c>course catalogue</c> writes exercises/Checks/catalogue.json from solutions/; <c>--check</c> names each difference.</summary>
public sealed class CatalogueCommandTests
{
    private const string Catalogue = "exercises/Checks/catalogue.json";

    /// <summary>A repository of one solved notebook (lesson 1's), its catalogue with a time limit an instructor set.</summary>
    private static string SmallRepository(string? catalogue = null)
    {
        var root = Fixtures.NewTempFolder();
        File.WriteAllText(Path.Combine(root, "Course.sln"), "");
        Directory.CreateDirectory(Path.Combine(root, "solutions"));
        File.Copy(Path.Combine(RepositoryRoot.Path, "solutions", "01-computational-graphs.ipynb"), Path.Combine(root, "solutions", "01-computational-graphs.ipynb"));
        if (catalogue is not null)
        {
            Directory.CreateDirectory(Path.Combine(root, "exercises", "Checks"));
            File.WriteAllText(Path.Combine(root, Catalogue), catalogue);
        }
        return root;
    }

    private static (int Code, string Output, string Error) Run(string root, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CatalogueCommand.Run(args, output, error, root);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Repository_catalogue_is_in_step_with_its_solutions()
    {
        var (code, output, error) = Run(RepositoryRoot.Path, "--check");

        Assert.True(code == 0, error);
        Assert.Contains($"{Catalogue} is in step with solutions/", output);
    }

    [Fact]
    public void Writes_every_exercise_of_solutions_with_the_hashes_the_repository_catalogue_has()
    {
        var root = SmallRepository();
        try
        {
            var (code, output, _) = Run(root);

            Assert.Equal(0, code);
            Assert.Contains($"wrote {Catalogue} (2 exercises from solutions/; no earlier file, so no time limits kept)", output);
            var written = File.ReadAllText(Path.Combine(root, Catalogue));
            var repository = File.ReadAllText(Path.Combine(RepositoryRoot.Path, Catalogue));
            foreach (var line in written.Split('\n').Where(l => l.Contains("Hash", StringComparison.Ordinal) || l.Contains("\"id\"", StringComparison.Ordinal)))
                Assert.Contains(line, repository); // the same stub and check-cell hashes, computed again from solutions/
            Assert.Equal(0, Run(root, "--check").Code);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Check_names_each_exercise_and_field_that_differs_and_rewriting_keeps_time_limits()
    {
        var root = SmallRepository();
        try
        {
            Run(root);
            var path = Path.Combine(root, Catalogue);
            File.WriteAllText(path, File.ReadAllText(path).Replace("\"title\": \"Backward through the apple graph\",",
                "\"title\": \"Old title\",\n      \"timeLimitSeconds\": 90,", StringComparison.Ordinal));
            var notebook = Path.Combine(root, "solutions", "01-computational-graphs.ipynb");
            File.WriteAllText(notebook, File.ReadAllText(notebook).Replace("Lesson1Checks.SquareOfSumBackward(SquareOfSumBackward)",
                "Lesson1Checks.SquareOfSumBackward(SquareOfSumBackward) // changed", StringComparison.Ordinal));

            var (code, _, error) = Run(root, "--check");

            Assert.Equal(1, code);
            Assert.Contains($"{Catalogue}: EXERCISE 1.1 title: the catalogue has \"Old title\", solutions/ gives \"Backward through the apple graph\"", error);
            Assert.Contains($"{Catalogue}: EXERCISE 1.2 checkCellHash: the catalogue has \"", error);
            Assert.Contains("2 difference(s)", error);

            Assert.Equal(0, Run(root).Code);
            Assert.Equal(0, Run(root, "--check").Code);
            Assert.Contains("\"timeLimitSeconds\": 90", File.ReadAllText(path));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Malformed_catalogue_is_named_and_not_overwritten()
    {
        var root = SmallRepository("{ \"exercises\": 3 }");
        try
        {
            var (code, _, error) = Run(root);

            Assert.Equal(1, code);
            Assert.Contains($"catalogue.json: expected an object with an array \"exercises\"", error);
            Assert.Equal("{ \"exercises\": 3 }", File.ReadAllText(Path.Combine(root, Catalogue)));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Unknown_argument_is_a_usage_error() =>
        Assert.Throws<UsageException>(() => Run(RepositoryRoot.Path, "--write"));
}
