using Course.Grading.Catalogue;
using Course.NotebookEngine.Format;

namespace Course.Grading.ExerciseNotebooks;

/// <summary>
/// Checks that a folder of exercise notebooks has every marker the catalogue expects, once, and no unknown ones.
/// Each problem names the notebook and the marker line to restore.
/// </summary>
public static class NotebookIntegrity
{
    /// <summary>The problems found in <paramref name="folder"/> (empty when all is well).</summary>
    public static IReadOnlyList<string> Problems(string folder, IEnumerable<ExerciseSpec> catalogue)
    {
        var problems = new List<string>();
        foreach (var group in catalogue.GroupBy(s => s.Notebook))
        {
            var path = Path.Combine(folder, group.Key);
            var shown = Shown(folder, group.Key);
            if (!File.Exists(path))
            {
                problems.Add($"{shown} is missing; restore it from the course repository (it holds {string.Join(", ", group.Select(s => $"EXERCISE {s.Id}"))})");
                continue;
            }
            ExerciseNotebook notebook;
            try { notebook = ExerciseNotebook.Load(path); }
            catch (NotebookFormatException e) { problems.Add($"{shown} cannot be read: {e.Message}"); continue; }
            problems.AddRange(Problems(notebook, shown, group.ToList()));
        }
        return problems;
    }

    /// <summary>The marker problems of one notebook (<paramref name="expected"/>: the catalogue's entries for it).</summary>
    public static IEnumerable<string> Problems(ExerciseNotebook notebook, string shown, IReadOnlyList<ExerciseSpec> expected)
    {
        foreach (var spec in expected)
        {
            var cells = notebook.Markers.Where(m => m.Id == spec.Id).Select(m => m.CellNumber).ToList();
            if (cells.Count == 0)
                yield return $"{shown}: the marker of EXERCISE {spec.Id} is missing; restore the line `{spec.MarkerLine}` as the first line of its exercise cell";
            else if (cells.Count > 1)
                yield return $"{shown}: the marker `{spec.MarkerLine}` is on {cells.Count} cells ({string.Join(", ", cells.Select(c => $"cell {c}"))}); keep it only on the exercise cell";
        }
        var known = expected.Select(s => s.Id).ToHashSet();
        foreach (var marker in notebook.Markers.Where(m => !known.Contains(m.Id)))
            yield return $"{shown}: cell {marker.CellNumber} is marked EXERCISE {marker.Id}, which is not an exercise of this notebook (it has {string.Join(", ", expected.Select(s => s.Id))})";
    }

    /// <summary>"exercises/03-activation-layers.ipynb": the folder's name and the file, as a learner finds it.</summary>
    public static string Shown(string folder, string notebook) =>
        $"{Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)))}/{notebook}";
}
