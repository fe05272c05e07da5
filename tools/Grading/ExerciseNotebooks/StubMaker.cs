using System.Text;

namespace Course.Grading.ExerciseNotebooks;

/// <summary>
/// Turns a solved exercise cell into its stub: each region from a "// BEGIN SOLUTION" line to an
/// "// END SOLUTION" line becomes one <c>throw new NotImplementedException();</c> at the same indentation.
/// exercises/ holds exactly these stubs, so the catalogue's hashes can be checked against solutions/.
/// </summary>
public static class StubMaker
{
    /// <summary>The line that opens a solution region.</summary>
    public const string Begin = "// BEGIN SOLUTION";

    /// <summary>The line that closes a solution region.</summary>
    public const string End = "// END SOLUTION";

    /// <summary>The stub of a solved cell; throws <see cref="FormatException"/> for unbalanced or missing regions.</summary>
    public static string Stub(string solvedCode)
    {
        var output = new StringBuilder();
        var inside = false;
        var regions = 0;
        var lines = solvedCode.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            var newline = i < lines.Length - 1 ? "\n" : "";
            if (trimmed == Begin)
            {
                if (inside) throw new FormatException($"line {i + 1}: {Begin} inside another solution region");
                inside = true;
                regions++;
                var indent = line[..(line.Length - line.TrimStart().Length)];
                output.Append(indent).Append("throw new NotImplementedException();").Append(newline);
            }
            else if (trimmed == End)
            {
                if (!inside) throw new FormatException($"line {i + 1}: {End} without {Begin}");
                inside = false;
            }
            else if (!inside)
            {
                output.Append(line).Append(newline);
            }
        }
        if (inside) throw new FormatException($"{Begin} is never closed by {End}");
        if (regions == 0) throw new FormatException($"the cell has no {Begin} … {End} region");
        return output.ToString();
    }
}
