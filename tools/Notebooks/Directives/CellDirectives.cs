using System.Text.RegularExpressions;

namespace Course.Notebooks.Directives;

/// <summary>
/// The kernel directives of a C# cell that Roslyn does not handle itself. <c>#r "nuget: …"</c> is taken out
/// (hoisted: resolved before the cell compiles) and <c>#i</c> / <c>#!time</c> are ignored; each such line
/// becomes an empty line so that compiler and stack-trace line numbers stay those of the cell.
/// <c>#r "file.dll"</c> and <c>#load</c> stay for Roslyn, which resolves them against the notebook's folder.
/// </summary>
public sealed partial class CellDirectives
{
    private CellDirectives(string code, IReadOnlyList<PackageRequest> packages, IReadOnlyList<string> problems)
    {
        Code = code;
        Packages = packages;
        Problems = problems;
    }

    /// <summary>The code to compile: the cell with its kernel directives blanked out.</summary>
    public string Code { get; }

    /// <summary>The packages the cell asks for, in order.</summary>
    public IReadOnlyList<PackageRequest> Packages { get; }

    /// <summary>Directives the engine cannot honour, as "(line,col): error: …" messages.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Finds the directives of a C# cell (its selector line already removed).</summary>
    public static CellDirectives Parse(string code)
    {
        var lines = code.Split('\n');
        var packages = new List<PackageRequest>();
        var problems = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var trimmed = line.TrimStart();
            var keepCarriageReturn = lines[i].EndsWith('\r') ? "\r" : "";
            var nuget = NugetDirective().Match(trimmed);
            if (nuget.Success)
            {
                var version = nuget.Groups["version"].Success ? nuget.Groups["version"].Value.Trim() : null;
                packages.Add(new PackageRequest(nuget.Groups["id"].Value.Trim(), string.IsNullOrEmpty(version) ? null : version, i + 1));
                lines[i] = keepCarriageReturn;
            }
            else if (trimmed.StartsWith("#i ", StringComparison.Ordinal) || trimmed == "#!time")
            {
                lines[i] = keepCarriageReturn;
            }
            else if (trimmed.StartsWith("#!", StringComparison.Ordinal))
            {
                var column = line.Length - trimmed.Length + 1;
                problems.Add($"({i + 1},{column}): error: '{trimmed.Split(' ')[0]}' is a kernel command this engine does not support inside a C# cell");
                lines[i] = keepCarriageReturn;
            }
        }
        return new CellDirectives(string.Join('\n', lines), packages, problems);
    }

    [GeneratedRegex(@"^#r\s+""nuget:\s*(?<id>[^,""]+)(,\s*(?<version>[^""]*))?""\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex NugetDirective();
}
