using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Course.NotebookEngine.Format;

namespace Course.Grading.ExerciseNotebooks;

/// <summary>
/// The fingerprint of a cell that recognises an untouched stub: SHA-256 of the code with every run of whitespace
/// made one space, so that re-indenting or an editor's line endings do not count as an attempt.
/// </summary>
public static partial class CellHash
{
    /// <summary>Lower-case hex SHA-256 of the whitespace-normalised code (a #!csharp line is ignored).</summary>
    public static string Of(string code)
    {
        var normalised = Whitespace().Replace(CellSource.WithoutSelector(code), " ").Trim();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalised)));
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
