using System.Text.Json;
using System.Text.RegularExpressions;

namespace Backprop.Tests.Lessons;

/// <summary>
/// Finds where a lesson shows the library's source and compares it with the file it names. The convention:
/// <list type="bullet">
/// <item>A quote is a fenced code block in a markdown cell whose first line is a comment naming the file from the
/// repository root, e.g. <c>// lib/Backprop/Layers/Relu.cs (shortened)</c>. Its code lines must be lines of that file,
/// in the file's order: a quote may leave lines out (checks, doc comments), never change one.</item>
/// <item>A line of code in backticks (inline code ending in <c>;</c>) in a markdown cell must be a line of a library file
/// the same cell names: in a quote's first line or as <c>lib/…/File.cs</c> in its text.</item>
/// <item>Comments are the lesson's own (added, shortened or left out); indentation and runs of spaces do not count;
/// lines of only braces and brackets are layout.</item>
/// <item>A fenced block that does not name a file but whose code lines are lines of a library file is reported, so
/// that no quote escapes the check by losing its first line.</item>
/// </list>
/// Cells are counted from 1, markdown included, as the notebook editor shows them.
/// </summary>
internal static partial class LessonQuotes
{
    /// <summary>One quote found: where it is, the file it names, and how many of its code lines were compared.</summary>
    public sealed record Quote(int Cell, string File, int CodeLines);

    /// <summary>The quotes of one notebook and every problem with them (empty when all quotes match).</summary>
    public sealed record Result(IReadOnlyList<Quote> Quotes, IReadOnlyList<string> Problems);

    public static Result Check(string notebookPath, string repositoryRoot)
    {
        var name = Path.GetRelativePath(repositoryRoot, notebookPath).Replace('\\', '/');
        var quotes = new List<Quote>();
        var problems = new List<string>();
        using var notebook = JsonDocument.Parse(File.ReadAllText(notebookPath));
        var number = 0;
        foreach (var cell in notebook.RootElement.GetProperty("cells").EnumerateArray())
        {
            number++;
            if (cell.GetProperty("cell_type").GetString() != "markdown") continue;
            var where = $"{name}, cell {number}";
            var lines = SourceOf(cell).Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
            var named = new List<string>();
            var prose = new List<(int Line, string Text)>();
            for (var i = 0; i < lines.Length; i++)
            {
                if (!lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal))
                {
                    prose.Add((i + 1, lines[i]));
                    continue;
                }
                var start = i + 1;
                var end = start;
                while (end < lines.Length && !lines[end].TrimStart().StartsWith("```", StringComparison.Ordinal)) end++;
                var block = lines[start..end];
                i = end;
                var header = block.Length > 0 ? QuoteHeader().Match(block[0].Trim()) : Match.Empty;
                if (header.Success)
                {
                    var file = header.Groups["file"].Value;
                    named.Add(file);
                    var compared = CompareBlock(where, start + 1, block[1..], file, repositoryRoot, problems);
                    quotes.Add(new Quote(number, file, compared));
                }
                else if (LooksLikeAQuote(block, repositoryRoot) is { } source)
                {
                    problems.Add($"{where}, line {start}: this code block is {source}'s code but does not say so; " +
                                 $"start it with the line \"// {source}\" so that the quote is checked.");
                }
            }

            named.AddRange(prose.SelectMany(p => NamedFile().Matches(p.Text)).Select(m => m.Value));
            foreach (var (line, text) in prose)
                foreach (Match span in InlineCode().Matches(text))
                {
                    var code = span.Groups["code"].Value;
                    if (!code.TrimEnd().EndsWith(';') || !code.Any(char.IsLetter)) continue;
                    if (named.Count == 0)
                    {
                        problems.Add($"{where}, line {line}: `{code}` is a line of code but the cell names no library file it comes from; " +
                                     "name the file (e.g. `lib/Backprop/Layers/Affine.cs`) in the cell.");
                        continue;
                    }
                    var files = named.Distinct().ToList();
                    if (files.Any(f => !File.Exists(Path.Combine(repositoryRoot, f)))) continue;   // reported below
                    var source = files.FirstOrDefault(f => CodeLinesOf(File.ReadAllLines(Path.Combine(repositoryRoot, f))).Any(l => l.Text == Normalize(code)));
                    if (source is null)
                        problems.Add($"{where}, line {line}: `{code}` is not a line of {string.Join(" or ", files)}" +
                                     Nearest(Normalize(code), files, repositoryRoot) + ".");
                    else
                        quotes.Add(new Quote(number, source, 1));
                }
            foreach (var file in named.Distinct().Where(f => !File.Exists(Path.Combine(repositoryRoot, f))))
                problems.Add($"{where}: names {file}, which does not exist.");
        }
        return new Result(quotes, problems);
    }

    /// <summary>Compares a quote's code lines with the file, in order; returns how many lines were compared.</summary>
    private static int CompareBlock(string where, int firstLine, string[] block, string file, string root, List<string> problems)
    {
        var path = Path.Combine(root, file);
        if (!File.Exists(path)) return 0;   // reported by the caller with the other named files
        var source = CodeLinesOf(File.ReadAllLines(path));
        var quoted = CodeLinesOf(block);
        if (quoted.Count == 0)
        {
            problems.Add($"{where}: the quote of {file} has no line of code.");
            return 0;
        }
        var next = 0;   // the first file line the next quoted line may match
        foreach (var (index, text) in quoted)
        {
            var found = source.FindIndex(next, l => l.Text == text);
            if (found >= 0)
            {
                next = found + 1;
                continue;
            }
            var cellLine = firstLine + 1 + index;
            var earlier = source.FindIndex(l => l.Text == text);
            problems.Add(earlier >= 0
                ? $"{where}, line {cellLine}: \"{text}\" is line {source[earlier].Index + 1} of {file}, but the quote has it after line {source[next - 1].Index + 1}: the quote's order differs from the file's."
                : $"{where}, line {cellLine}: \"{text}\" is not in {file}" + Nearest(text, [file], root) + ".");
            break;   // the first differing line; the rest would only repeat it
        }
        return quoted.Count;
    }

    /// <summary>The library file a header-less block is a copy of (at least two code lines, and most of them), or null.</summary>
    private static string? LooksLikeAQuote(string[] block, string root)
    {
        var quoted = CodeLinesOf(block).Select(l => l.Text).Where(t => t.Length >= 12).ToList();
        if (quoted.Count == 0) return null;
        foreach (var (file, lines) in LibraryFiles(root))
        {
            var inFile = quoted.Count(lines.Contains);
            if (inFile >= 2 && 2 * inFile >= quoted.Count) return file;
        }
        return null;
    }

    private static readonly Dictionary<string, List<(string File, HashSet<string> Lines)>> libraryFiles = [];

    private static List<(string File, HashSet<string> Lines)> LibraryFiles(string root)
    {
        lock (libraryFiles)
        {
            if (libraryFiles.TryGetValue(root, out var files)) return files;
            files = [.. new[] { "lib", "lib.Performance" }
                .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs*", SearchOption.AllDirectories))
                .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".csx", StringComparison.Ordinal))
                            && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                            && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .Select(f => (Path.GetRelativePath(root, f).Replace('\\', '/'), CodeLinesOf(File.ReadAllLines(f)).Select(l => l.Text).ToHashSet()))];
            libraryFiles[root] = files;
            return files;
        }
    }

    /// <summary>", nearest: line N, "…"" — the file line most like the quoted one, to show what changed.</summary>
    private static string Nearest(string text, IEnumerable<string> files, string root)
    {
        var best = files.SelectMany(f => CodeLinesOf(File.ReadAllLines(Path.Combine(root, f))).Select(l => (File: f, l.Index, l.Text)))
            .MinBy(l => EditDistance(l.Text, text));
        return best.Text is null ? "" : $"; nearest is line {best.Index + 1} of {best.File}: \"{best.Text}\"";
    }

    /// <summary>The lines that are code, each with its index in <paramref name="lines"/>, comment-free and whitespace-normalized.</summary>
    public static List<(int Index, string Text)> CodeLinesOf(IReadOnlyList<string> lines)
    {
        var code = new List<(int, string)>();
        for (var i = 0; i < lines.Count; i++)
        {
            var text = Normalize(lines[i]);
            if (text.Length > 0 && !text.All(c => "{}[]();,".Contains(c))) code.Add((i, text));
        }
        return code;
    }

    /// <summary>The line without its comment, trimmed, with every run of whitespace one space.</summary>
    public static string Normalize(string line)
    {
        var inString = false;
        var inChar = false;
        var end = line.Length;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if ((inString || inChar) && c == '\\') { i++; continue; }
            if (!inChar && c == '"') inString = !inString;
            else if (!inString && c == '\'') inChar = !inChar;
            else if (!inString && !inChar && c == '/' && i + 1 < line.Length && line[i + 1] == '/') { end = i; break; }
        }
        return Whitespace().Replace(line[..end], " ").Trim();
    }

    private static int EditDistance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }

    private static string SourceOf(JsonElement cell)
    {
        var source = cell.GetProperty("source");
        return source.ValueKind == JsonValueKind.String ? source.GetString()! : string.Concat(source.EnumerateArray().Select(l => l.GetString()));
    }

    [GeneratedRegex(@"^//\s*(?<file>lib(\.Performance)?/[^\s,()]+\.csx?)(?=$|[\s,(])")]
    private static partial Regex QuoteHeader();

    [GeneratedRegex(@"lib(\.Performance)?/[^\s,()`]+\.csx?\b")]
    private static partial Regex NamedFile();

    [GeneratedRegex(@"`(?<code>[^`\n]+)`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
