using System.Text.RegularExpressions;
using Course.NotebookEngine.Format;

namespace Course.Grading.ExerciseNotebooks;

/// <summary>
/// An exercise notebook seen by the grader: its marked exercise cells, and the setup code (the code cells
/// before the first exercise) that every exercise is compiled with.
/// </summary>
public sealed partial class ExerciseNotebook
{
    private readonly IReadOnlyList<(int Number, string Code)> _codeCells;

    private ExerciseNotebook(string path, IReadOnlyList<string> setup, IReadOnlyList<ExerciseMarker> markers, IReadOnlyList<(int, string)> codeCells)
    {
        Path = path;
        SetupCode = setup;
        Markers = markers;
        _codeCells = codeCells;
    }

    /// <summary>The notebook file.</summary>
    public string Path { get; }

    /// <summary>The code cells before the first exercise cell, selector lines removed.</summary>
    public IReadOnlyList<string> SetupCode { get; }

    /// <summary>Every marked cell, in file order (an id may appear twice: see <see cref="NotebookIntegrity"/>).</summary>
    public IReadOnlyList<ExerciseMarker> Markers { get; }

    /// <summary>Reads a notebook; throws Course.NotebookEngine.Format.NotebookFormatException when it is not one.</summary>
    public static ExerciseNotebook Load(string path)
    {
        var notebook = Notebook.Load(path);
        var setup = new List<string>();
        var markers = new List<ExerciseMarker>();
        var codeCells = new List<(int, string)>();
        foreach (var cell in notebook.Cells.Where(c => c.IsCode))
        {
            var code = CellSource.WithoutSelector(cell.Source);
            codeCells.Add((cell.Number, code));
            if (Marker(code) is { } found) markers.Add(new ExerciseMarker(found.Id, found.Title, cell.Number, code));
            else if (markers.Count == 0) setup.Add(code);
        }
        return new ExerciseNotebook(System.IO.Path.GetFullPath(path), setup, markers, codeCells);
    }

    /// <summary>The code cells after <paramref name="exercise"/>'s cell up to the next exercise cell: where its check cell is.</summary>
    public IReadOnlyList<(int Number, string Code)> CellsAfter(ExerciseMarker exercise) =>
        _codeCells.SkipWhile(c => c.Number <= exercise.CellNumber).TakeWhile(c => Marker(c.Code) is null).ToList();

    /// <summary>The (id, title) of a marker on the code's first line, or null.</summary>
    public static (string Id, string Title)? Marker(string code)
    {
        var end = code.IndexOf('\n');
        var first = (end < 0 ? code : code[..end]).Trim();
        var match = MarkerPattern().Match(first);
        return match.Success ? (match.Groups[1].Value, match.Groups[2].Value.Trim()) : null;
    }

    [GeneratedRegex(@"^//\s*EXERCISE\s+(\d+\.\d+)\s*:\s*(.*)$")]
    private static partial Regex MarkerPattern();
}
