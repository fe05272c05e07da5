using Course.Grading.Catalogue;
using Course.Grading.ExerciseNotebooks;

namespace Course.Grading.Tests;

/// <summary>
/// The catalogue (exercises/Checks/catalogue.json) and the notebooks agree: solutions/ gives every field the file holds,
/// exercises/ holds the stubs and check cells it names. Bad files and check calls are named clearly.
/// </summary>
public class CatalogueTests
{
    private static string FilePath => Path.Combine(TestFolders.Root, ExerciseCatalogue.RelativePath);

    [Fact]
    public void Catalogue_file_is_in_step_with_solutions()
    {
        var file = ExerciseCatalogue.Load(FilePath);

        var differences = CatalogueSync.Differences(file, CatalogueSync.FromSolutions(TestFolders.Solutions, file), "solutions/");

        Assert.True(differences.Count == 0,
            "run `dotnet run --project tools/Cli -- catalogue`:\n" + string.Join("\n", differences));
    }

    [Fact]
    public void Exercises_folder_holds_the_stubs_and_check_cells_the_catalogue_names()
    {
        var problems = CatalogueSync.StubProblems(TestFolders.Exercises, ExerciseCatalogue.Load(FilePath));

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Catalogue_built_into_the_grader_is_the_repository_file()
    {
        Assert.Equal(ExerciseCatalogue.Load(FilePath), ExerciseCatalogue.All);
        Assert.Equal(TimeSpan.FromSeconds(120), ExerciseCatalogue.Get("6.6").TimeLimit); // the capstone trains inside its check
        Assert.Single(ExerciseCatalogue.All, s => s.TimeLimit is not null);
    }

    [Fact]
    public void Differences_name_the_exercise_and_the_field()
    {
        var relu = new ExerciseSpec("3.1", "ReLU backward", "03-activation-layers.ipynb", new string('a', 64), new string('b', 64));
        var sigmoid = relu with { Id = "3.2", Title = "Sigmoid backward" };
        var tanh = relu with { Id = "3.3", Title = "Tanh" };

        var differences = CatalogueSync.Differences([relu with { CheckCellHash = new string('c', 64) }, tanh], [relu, sigmoid], "solutions/");

        Assert.Equal(
        [
            $"EXERCISE 3.1 checkCellHash: the catalogue has \"{new string('c', 64)}\", solutions/ gives \"{new string('b', 64)}\"",
            "EXERCISE 3.2 (Sigmoid backward) is in solutions/ but not in the catalogue",
            "EXERCISE 3.3 (Tanh) is in the catalogue but not in solutions/",
        ], differences);
    }

    [Fact]
    public void Solutions_keep_the_catalogues_time_limits()
    {
        var current = ExerciseCatalogue.Load(FilePath);

        var fresh = CatalogueSync.FromSolutions(TestFolders.Solutions, current: null);

        Assert.All(fresh, s => Assert.Null(s.TimeLimit));
        Assert.Equal(["EXERCISE 6.6 timeLimitSeconds: the catalogue has \"120\", solutions/ gives \"\""],
            CatalogueSync.Differences(current, fresh, "solutions/"));
    }

    [Fact]
    public void Written_catalogue_reads_back_the_same()
    {
        var all = ExerciseCatalogue.All;

        Assert.Equal(all, ExerciseCatalogue.Parse(ExerciseCatalogue.Write(all), "written"));
        Assert.Equal(File.ReadAllText(FilePath).ReplaceLineEndings("\n"), ExerciseCatalogue.Write(all));
    }

    public static TheoryData<string, string> BadFiles() => new()
    {
        { "{", "not JSON (line " },
        { "[]", "expected an object with an array \"exercises\"" },
        { """{"exercises": []}""", "\"exercises\" is empty" },
        { """{"exercises": [{"id": "3.1"}]}""", "exercise 1 (\"3.1\"): \"title\" is missing or not a non-empty string" },
        { """{"exercises": [{"id": "three", "title": "t"}]}""", "exercise 1 (\"three\"): \"id\" must look like \"3.1\"" },
        { $$"""{"exercises": [{"id": "3.1", "title": "t", "notebook": "n", "stubHash": "abc", "checkCellHash": "{{new string('b', 64)}}"}]}""",
            "exercise 1 (\"3.1\"): \"stubHash\" must be 64 lower-case hex digits (a SHA-256), not \"abc\"" },
        { $$"""{"exercises": [{"id": "3.1", "title": "t", "notebook": "n", "stubHash": "{{new string('a', 64)}}", "checkCellHash": "{{new string('b', 64)}}", "timeLimitSeconds": -1}]}""",
            "exercise 1 (\"3.1\"): \"timeLimitSeconds\" must be a positive number" },
        { $$"""{"exercises": [{"id": "3.1", "title": "t", "notebook": "n", "stubHash": "{{new string('a', 64)}}", "checkCellHash": "{{new string('b', 64)}}", "checkCall": "x"}]}""",
            "exercise 1 (\"3.1\"): unknown field \"checkCall\"" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Malformed_catalogue_is_named_with_what_is_wrong(string json, string problem)
    {
        var path = Path.Combine(Path.GetTempPath(), "catalogue-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, json);
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => ExerciseCatalogue.Load(path));

            Assert.StartsWith($"{path}: {problem}", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Missing_catalogue_is_named_with_the_command_that_writes_it()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-catalogue-" + Guid.NewGuid().ToString("N") + ".json");

        var error = Assert.Throws<InvalidDataException>(() => ExerciseCatalogue.Load(path));

        Assert.Equal($"{path}: no such file; write it with `dotnet run --project tools/Cli -- catalogue`", error.Message);
    }

    [Theory]
    [InlineData("Lesson3Checks.ReluBackward(() => new MyRelu())", "global::Backprop.Checks.Lesson3Checks.ReluBackward(() => new MyRelu())")]
    [InlineData("Backprop.Checks.Lesson3Checks.ReluBackward(f)", "global::Backprop.Checks.Lesson3Checks.ReluBackward(f)")]
    [InlineData("Lesson8Checks.LocalBackwards<Node>(v => new Node(v), Mul, Tanh, Pow)", "global::Backprop.Checks.Lesson8Checks.LocalBackwards<Node>(v => new Node(v), Mul, Tanh, Pow)")]
    [InlineData("Mine.Lesson3Checks.X(CheckResult.Ok, global::Lesson3Checks.Y, MyLesson3Checks.Z)", "Mine.Lesson3Checks.X(global::Backprop.Checks.CheckResult.Ok, global::Lesson3Checks.Y, MyLesson3Checks.Z)")]
    public void Check_call_names_the_checks_from_the_global_namespace(string call, string qualified) =>
        Assert.Equal(qualified, CheckCell.Qualified(call));

    [Fact]
    public void Missing_check_cell_names_the_notebook_and_the_exercise()
    {
        var folder = TestFolders.CopyToTemporaryFolder("03-activation-layers.ipynb",
            text => text.Replace("Lesson3Checks.SoftplusLayer(() => new MySoftplus())", "// gone", StringComparison.Ordinal));
        try
        {
            var notebook = ExerciseNotebook.Load(Path.Combine(folder, "03-activation-layers.ipynb"));
            var spec = ExerciseCatalogue.Get("3.2");

            var (code, problem) = CheckCell.Verified(notebook, notebook.Markers.Single(m => m.Id == "3.2"), spec, "exercises/03-activation-layers.ipynb");

            Assert.Null(code);
            Assert.StartsWith("the check cell under EXERCISE 3.2 in exercises/03-activation-layers.ipynb is missing", problem);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
