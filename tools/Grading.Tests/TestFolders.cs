using Course.Grading.Catalogue;
using Course.Grading.ExerciseNotebooks;
using Course.Grading.Running;

namespace Course.Grading.Tests;

/// <summary>The folders and notebooks of the repository (<see cref="RepositoryRoot"/>) that the grader's tests read.</summary>
internal static class TestFolders
{
    public static string Root => RepositoryRoot.Path;

    public static string Solutions => Path.Combine(Root, "solutions");

    public static string Exercises => Path.Combine(Root, "exercises");

    /// <summary>solutions/mistakes: one file of known wrong solutions per exercise, "3.1.txt".</summary>
    public static string Mistakes => Path.Combine(Solutions, "mistakes");

    public static ExerciseNotebook SolvedNotebook(ExerciseSpec spec) => ExerciseNotebook.Load(Path.Combine(Solutions, spec.Notebook));

    public static ExerciseMarker SolvedCell(ExerciseSpec spec) => SolvedNotebook(spec).Markers.Single(m => m.Id == spec.Id);

    /// <summary>The check cell under the exercise in solutions/ (the same as in exercises/, as the catalogue proves).</summary>
    public static string CheckCell(ExerciseSpec spec)
    {
        var notebook = SolvedNotebook(spec);
        return ExerciseNotebooks.CheckCell.Find(notebook, notebook.Markers.Single(m => m.Id == spec.Id))?.Code
            ?? throw new InvalidDataException($"solutions/{spec.Notebook}: no check cell under EXERCISE {spec.Id}");
    }

    /// <summary>One catalogue entry per row, named like the learner sees it.</summary>
    public static TheoryData<string> ExerciseIds()
    {
        var data = new TheoryData<string>();
        foreach (var spec in ExerciseCatalogue.All) data.Add(new TheoryDataRow<string>(spec.Id) { TestDisplayName = spec.DisplayName, Label = "" });
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
