namespace Course.Grading.Catalogue;

/// <summary>One graded exercise, as the catalogue (exercises/Checks/catalogue.json) describes it.</summary>
/// <param name="Id">"3.1": lesson 3, exercise 1.</param>
/// <param name="Title">The title on the marker line, e.g. "ReLU backward".</param>
/// <param name="Notebook">The notebook's file name in exercises/ and solutions/, e.g. "03-activation-layers.ipynb".</param>
/// <param name="StubHash">SHA-256 of the pristine exercise cell, whitespace-normalised (see <see cref="ExerciseNotebooks.CellHash"/>).</param>
/// <param name="CheckCellHash">SHA-256 of the check cell under the exercise, the same way: the grader runs that cell's
/// check call only when the graded notebook's copy has this hash.</param>
/// <param name="TimeLimit">The time each cell of this exercise's run may take, when it needs more than the grader's default
/// (the capstone trains a network inside its check); null: the default.</param>
public sealed record ExerciseSpec(string Id, string Title, string Notebook, string StubHash, string CheckCellHash, TimeSpan? TimeLimit = null)
{
    /// <summary>The first line of the exercise cell: "// EXERCISE 3.1: ReLU backward".</summary>
    public string MarkerLine => $"// EXERCISE {Id}: {Title}";

    /// <summary>"EXERCISE 3.1: ReLU backward", as tests and reports name it.</summary>
    public string DisplayName => $"EXERCISE {Id}: {Title}";

    /// <inheritdoc />
    public override string ToString() => DisplayName;
}
