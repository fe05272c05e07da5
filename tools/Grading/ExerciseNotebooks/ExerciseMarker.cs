namespace Course.Grading.ExerciseNotebooks;

/// <summary>A cell whose first line (after an optional #!csharp) is "// EXERCISE n.m: title".</summary>
/// <param name="Id">"3.1".</param>
/// <param name="Title">The title after the colon.</param>
/// <param name="CellNumber">The 1-based cell number in the notebook (every cell counts).</param>
/// <param name="Code">The cell's code without its kernel selector line.</param>
public sealed record ExerciseMarker(string Id, string Title, int CellNumber, string Code);
