namespace Course.Grading.Tests.Mistakes;

/// <summary>
/// A known wrong answer to an exercise, stored as the lines it replaces in the reference solution (the solved exercise
/// cell in solutions/, BEGIN/END SOLUTION lines included) and the words its failure message must contain.
/// </summary>
/// <param name="File">The mistakes file as shown in messages: "solutions/mistakes/3.1.txt".</param>
/// <param name="Line">The line of its "mistake:" in the file.</param>
/// <param name="Id">The exercise: "3.1".</param>
/// <param name="Name">"no-mask".</param>
/// <param name="Expect">Words the failure message must contain (the mistake, named).</param>
/// <param name="Hunks">The replaced lines.</param>
public sealed record Mistake(string File, int Line, string Id, string Name, string Expect, IReadOnlyList<MistakeHunk> Hunks)
{
    /// <summary>"3.1-no-mask", as the test names it.</summary>
    public string Key => $"{Id}-{Name}";

    /// <summary>
    /// The wrong cell: <paramref name="referenceCell"/> with every hunk applied. Throws <see cref="InvalidDataException"/>
    /// naming the file, the mistake and the line that is not (or not once) in the reference cell.
    /// </summary>
    public string Apply(string referenceCell)
    {
        var reference = referenceCell.ReplaceLineEndings("\n").Split('\n');
        var places = Hunks.Select(h => (Start: Find(reference, h), Hunk: h)).OrderBy(p => p.Start).ToList();
        var output = new List<string>();
        var at = 0;
        foreach (var (start, hunk) in places)
        {
            if (start < at)
                throw Problem(hunk, $"its lines overlap another hunk's in the reference cell of EXERCISE {Id}");
            output.AddRange(reference[at..start]);
            output.AddRange(hunk.Added);
            at = start + hunk.Removed.Count;
        }
        output.AddRange(reference[at..]);
        return string.Join("\n", output);
    }

    private int Find(string[] reference, MistakeHunk hunk)
    {
        var removed = hunk.Removed;
        var starts = Enumerable.Range(0, Math.Max(0, reference.Length - removed.Count + 1))
            .Where(i => removed.Select((line, k) => reference[i + k] == line).All(same => same)).ToList();
        if (starts.Count == 1) return starts[0];
        if (starts.Count > 1)
            throw Problem(hunk, $"its lines from `{removed[0].Trim()}` occur {starts.Count} times in the reference cell of EXERCISE {Id}; add a line of context");
        // The longest run of its lines that the reference holds one after another: the next one is the line not found.
        var matched = Enumerable.Range(0, reference.Length).Select(i =>
            Enumerable.Range(0, Math.Min(removed.Count, reference.Length - i)).TakeWhile(k => reference[i + k] == removed[k]).Count()).Max();
        var missing = hunk.Line + 1 + matched;
        return matched == 0
            ? throw Problem(hunk, $"the line `{removed[0]}` (line {missing}) is not in the reference cell of EXERCISE {Id}")
            : throw Problem(hunk, $"the line `{removed[matched]}` (line {missing}) does not follow `{removed[matched - 1]}` in the reference cell of EXERCISE {Id}");
    }

    private InvalidDataException Problem(MistakeHunk hunk, string what) =>
        new($"{File}, mistake {Name} (hunk at line {hunk.Line}): {what} — has the solution changed? Update the mistake to the solved cell in solutions/");
}
