using Course.Grading.Catalogue;
using Course.Grading.ExerciseNotebooks;
using Course.Grading.Running;

namespace Course.Grading.Tests;

/// <summary>What the grader says when a cell does not compile, never ends, or a marker is lost.</summary>
public class FailureTests
{
    [Fact]
    public async Task Compile_error_is_reported_with_lines_relative_to_the_exercise_cell()
    {
        var spec = ExerciseCatalogue.Get("2.2");
        const string Cell = """
            // EXERCISE 2.2: A power layer
            class MyPowerLayer : IBinaryLayer
            {
                public double Forward(double x, double y) => Math.Pow(x, y);
                public (double dx, double dy) Backward(double dout) => (dout, dout)
            }
            """;

        var grade = await Grader.GradeCellAsync(spec, TestFolders.SolvedNotebook(spec).SetupCode, Cell, TestFolders.CheckCell(spec), TestFolders.Solutions, "cell",
            cancellation: TestContext.Current.CancellationToken);

        Assert.Equal(GradeStatus.Failed, grade.Status);
        Assert.Contains("does not compile", grade.Message);
        Assert.Contains("(5,72): error CS1002", grade.Message); // the missing ';' on the cell's 5th line
    }

    [Fact]
    public async Task Endless_loop_times_out_without_hiding_the_next_exercise()
    {
        var folder = TestFolders.CopyToTemporaryFolder("02-multiply-and-add-layers.ipynb",
            text => text.Replace("return _x > _y ? (dout, 0) : (0, dout);", "while (true) { }", StringComparison.Ordinal));
        try
        {
            var specs = ExerciseCatalogue.All.Where(s => s.Id is "2.1" or "2.2").ToList();
            var grades = await Grader.GradeAllAsync(folder, specs, new GradingOptions { TimeLimit = TimeSpan.FromSeconds(20), Parallelism = 1 },
                TestContext.Current.CancellationToken);

            Assert.Equal(GradeStatus.Failed, grades[0].Status);
            Assert.Contains("did not finish within the time limit of 20 s", grades[0].Message);
            Assert.Contains("endless loop", grades[0].Message);
            Assert.True(grades[1].Status == GradeStatus.Passed, $"{grades[1].Status}: {grades[1].Message}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Missing_marker_names_the_notebook_and_the_line_to_restore()
    {
        var folder = TestFolders.CopyToTemporaryFolder("03-activation-layers.ipynb",
            text => text.Replace("// EXERCISE 3.1: LeakyReLU layer", "// my relu", StringComparison.Ordinal));
        try
        {
            var problems = NotebookIntegrity.Problems(folder, ExerciseCatalogue.All.Where(s => s.Notebook == "03-activation-layers.ipynb"));
            var grade = await Grader.GradeAsync(ExerciseCatalogue.Get("3.1"), folder, cancellation: TestContext.Current.CancellationToken);

            var problem = Assert.Single(problems);
            Assert.Contains("03-activation-layers.ipynb: the marker of EXERCISE 3.1 is missing", problem);
            Assert.Contains("restore the line `// EXERCISE 3.1: LeakyReLU layer`", problem);
            Assert.Equal(GradeStatus.Failed, grade.Status);
            Assert.Equal(problem, grade.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Duplicated_marker_names_the_cells_that_carry_it()
    {
        var folder = TestFolders.CopyToTemporaryFolder("03-activation-layers.ipynb",
            text => text.Replace("// EXERCISE 3.2: A Softplus layer", "// EXERCISE 3.1: LeakyReLU layer", StringComparison.Ordinal));
        try
        {
            var problems = NotebookIntegrity.Problems(folder, ExerciseCatalogue.All.Where(s => s.Notebook == "03-activation-layers.ipynb"));

            Assert.Equal(2, problems.Count);
            Assert.Matches(@"03-activation-layers\.ipynb: the marker `// EXERCISE 3\.1: LeakyReLU layer` is on 2 cells \(cell \d+, cell \d+\); keep it only on the exercise cell", problems[0]);
            Assert.Contains("the marker of EXERCISE 3.2 is missing", problems[1]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Missing_notebook_is_reported_with_the_exercises_it_holds()
    {
        var folder = Path.Combine(Path.GetTempPath(), "grading-tests-empty-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var problems = NotebookIntegrity.Problems(folder, ExerciseCatalogue.All.Where(s => s.Notebook.StartsWith("01-", StringComparison.Ordinal)));

            Assert.Equal($"{Path.GetFileName(folder)}/01-computational-graphs.ipynb is missing; restore it from the course repository (it holds EXERCISE 1.1, EXERCISE 1.2)", Assert.Single(problems));
        }
        finally
        {
            Directory.Delete(folder);
        }
    }
}
