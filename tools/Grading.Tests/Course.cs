using Course.Grading.Catalogue;
using Course.Grading.ExerciseNotebooks;
using Course.Grading.Running;

namespace Course.Grading.Tests;

/// <summary>The repository's folders and notebooks, as the tests use them.</summary>
internal static class Course
{
    public static string Root { get; } = GradingEnvironment.RepositoryRoot();

    public static string Solutions => Path.Combine(Root, "solutions");

    public static string Exercises => Path.Combine(Root, "exercises");

    public static string WrongSolutions => Path.Combine(Root, "tools", "Grading.Tests", "WrongSolutions");

    public static ExerciseNotebook SolvedNotebook(ExerciseSpec spec) => ExerciseNotebook.Load(Path.Combine(Solutions, spec.Notebook));

    public static ExerciseMarker SolvedCell(ExerciseSpec spec) => SolvedNotebook(spec).Markers.Single(m => m.Id == spec.Id);

    /// <summary>One catalogue entry per row, named like the learner sees it.</summary>
    public static TheoryData<string> ExerciseIds()
    {
        var data = new TheoryData<string>();
        foreach (var spec in ExerciseCatalogue.All) data.Add(new TheoryDataRow<string>(spec.Id) { TestDisplayName = spec.DisplayName });
        return data;
    }

    /// <summary>A copy of a solutions/ notebook in a temporary folder, its relative library and checks paths made absolute.</summary>
    public static string CopyToTemporaryFolder(string notebook, Func<string, string>? edit = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "grading-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var root = Root.Replace('\\', '/');
        var text = File.ReadAllText(Path.Combine(Solutions, notebook))
            .Replace("../lib/", root + "/lib/", StringComparison.Ordinal)
            .Replace("../exercises/Checks/", root + "/exercises/Checks/", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(folder, notebook), edit is null ? text : edit(text));
        return folder;
    }
}
