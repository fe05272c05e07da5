namespace Course.RealKernel.Tests;

// One test per notebook, one class per folder: xunit runs classes in parallel (as many as there are cores), so on two
// cores two kernels work at once.

/// <summary>Every lesson in notebooks/ runs in the real kernel without an error or a compiler warning.</summary>
public sealed class LessonNotebooks
{
    public static TheoryData<string> Files() => CourseNotebooks.In("notebooks");

    [Theory]
    [MemberData(nameof(Files))]
    public void Runs_clean_in_the_real_kernel(string notebook) => CourseNotebooks.Check(notebook);
}

/// <summary>Every exercise notebook, untouched, runs in the real kernel without an error or a compiler warning.</summary>
public sealed class ExerciseNotebooks
{
    public static TheoryData<string> Files() => CourseNotebooks.In("exercises");

    [Theory]
    [MemberData(nameof(Files))]
    public void Runs_clean_in_the_real_kernel(string notebook) => CourseNotebooks.Check(notebook);
}

/// <summary>Every solved exercise notebook runs in the real kernel without an error or a compiler warning.</summary>
public sealed class SolutionNotebooks
{
    public static TheoryData<string> Files() => CourseNotebooks.In("solutions");

    [Theory]
    [MemberData(nameof(Files))]
    public void Runs_clean_in_the_real_kernel(string notebook) => CourseNotebooks.Check(notebook);
}

internal static class CourseNotebooks
{
    public static TheoryData<string> In(string folder) =>
        new(Directory.GetFiles(Path.Combine(RepositoryRoot.Path, folder), "*.ipynb")
            .Select(file => $"{folder}/{Path.GetFileName(file)}")
            .Order(StringComparer.Ordinal));

    /// <summary>Runs the notebook, writes its row of the table (and names the chart cells), fails naming every problem.</summary>
    public static void Check(string notebook)
    {
        var run = RealKernel.Execute(Path.Combine(RepositoryRoot.Path, notebook));
        var problems = NotebookProblems.Read(run.Notebook, RepositoryRoot.Path);

        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine("| notebook | code cells | errors | warnings | chart cells blocked by FSharp.Core | kernel start + cells |");
        output?.WriteLine($"| {notebook} | {problems.CodeCells} | {problems.Errors.Count} | {problems.Warnings.Count} | {problems.ChartCells.Count} | {run.StartupSeconds:0.0} s + {run.CellSeconds:0.0} s |");
        output?.WriteLine($"{notebook}: {problems.ChartSummary()}");

        var stopped = run.Stopped is null ? "" : $"\n  {run.Stopped}";
        Assert.True(run.Stopped is null && problems.Clean, $"dotnet-interactive {RealKernel.Version}: {problems.Describe(notebook)}{stopped}");
    }
}
