namespace Course.Grading.Tests.Mistakes;

/// <summary>
/// Reads solutions/mistakes/&lt;id&gt;.txt: lines starting with '#' and blank lines explain and separate; "mistake: NAME"
/// starts a mistake, "expect: WORDS" gives its words, and each hunk is "@@", then "-" lines of the reference cell and
/// the "+" lines that replace them (one space after the sign is dropped).
/// </summary>
public static class MistakeFile
{
    /// <summary>The mistakes of one file; throws <see cref="InvalidDataException"/> naming the file and line of a malformed one.</summary>
    public static IReadOnlyList<Mistake> Read(string path, string shown)
    {
        var id = Path.GetFileNameWithoutExtension(path);
        var mistakes = new List<Mistake>();
        (int Line, string Name, string? Expect, List<MistakeHunk> Hunks)? current = null;
        List<string>? removed = null, added = null;
        var lines = File.ReadAllText(path).ReplaceLineEndings("\n").Split('\n');
        void Finish()
        {
            if (current is not { } m) return;
            if (m.Expect is null) throw new InvalidDataException($"{shown}:{m.Line}: mistake {m.Name} has no `expect:` line");
            if (m.Hunks.Count == 0) throw new InvalidDataException($"{shown}:{m.Line}: mistake {m.Name} changes nothing (no @@ hunk)");
            mistakes.Add(new Mistake(shown, m.Line, id, m.Name, m.Expect, m.Hunks));
        }
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var number = i + 1;
            if (line.StartsWith('#') || line.Trim().Length == 0) continue;
            if (line.StartsWith("mistake:", StringComparison.Ordinal))
            {
                Finish();
                var name = line["mistake:".Length..].Trim();
                if (name.Length == 0) throw new InvalidDataException($"{shown}:{number}: `mistake:` needs a name");
                if (mistakes.Any(m => m.Name == name)) throw new InvalidDataException($"{shown}:{number}: a second mistake named {name}");
                current = (number, name, null, []);
                continue;
            }
            if (current is not { } open) throw new InvalidDataException($"{shown}:{number}: expected `mistake: NAME` before `{line}`");
            if (line.StartsWith("expect:", StringComparison.Ordinal))
            {
                current = open with { Expect = line["expect:".Length..].Trim() };
            }
            else if (line.TrimEnd() == "@@")
            {
                removed = [];
                added = [];
                open.Hunks.Add(new MistakeHunk(number, removed, added));
            }
            else if (line[0] is '-' or '+')
            {
                if (removed is null || added is null || open.Hunks.Count == 0)
                    throw new InvalidDataException($"{shown}:{number}: mistake {open.Name}: a `{line[0]}` line before its hunk's @@");
                var body = line[1..].StartsWith(' ') ? line[2..] : line[1..];
                if (line[0] == '+') added.Add(body);
                else if (added.Count > 0) throw new InvalidDataException($"{shown}:{number}: mistake {open.Name}: a `-` line after `+` lines; start a new hunk with @@");
                else removed.Add(body);
            }
            else
            {
                throw new InvalidDataException($"{shown}:{number}: mistake {open.Name}: `{line}` is none of expect:, @@, -, +");
            }
            if (line.TrimEnd() != "@@" && line[0] is not ('-' or '+')) { removed = null; added = null; }
        }
        Finish();
        foreach (var mistake in mistakes)
            if (mistake.Hunks.FirstOrDefault(h => h.Removed.Count == 0) is { } empty)
                throw new InvalidDataException($"{shown}:{empty.Line}: mistake {mistake.Name}: a hunk without `-` lines (say which reference lines it replaces)");
        return mistakes;
    }
}
