namespace Course.Grading.Tests.Mistakes;

/// <summary>One change a mistake makes: <paramref name="Removed"/>, consecutive lines of the reference cell found there exactly once, become <paramref name="Added"/>.</summary>
/// <param name="Line">The line of its "@@" in the mistakes file.</param>
public sealed record MistakeHunk(int Line, IReadOnlyList<string> Removed, IReadOnlyList<string> Added);
