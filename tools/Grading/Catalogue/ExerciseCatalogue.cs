using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Course.Grading.Catalogue;

/// <summary>
/// Every graded exercise, in course order, read from the data file exercises/Checks/catalogue.json. The grader carries
/// the file as a resource (built in), so grading any folder needs no path to the repository; the command
/// <c>dotnet run --project tools/Cli -- catalogue</c> rewrites the file from solutions/ (see <see cref="CatalogueSync"/>).
/// </summary>
public static partial class ExerciseCatalogue
{
    /// <summary>The catalogue file, relative to the repository root.</summary>
    public const string RelativePath = "exercises/Checks/catalogue.json";

    private const string ResourceName = "Course.Grading.catalogue.json";

    private const string About =
        "Every graded exercise, in course order. Written by `dotnet run --project tools/Cli -- catalogue` from solutions/; " +
        "edit only timeLimitSeconds (the seconds each cell of an exercise's grading may take, where the grader's default is too short).";

    private static readonly Lazy<IReadOnlyList<ExerciseSpec>> Embedded = new(() =>
    {
        using var stream = typeof(ExerciseCatalogue).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidDataException($"{RelativePath}: the grader was built without it; restore the file and build again");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader.ReadToEnd(), RelativePath + " (as built into the grader)");
    });

    /// <summary>All exercises, from the catalogue built into the grader; throws <see cref="InvalidDataException"/> naming the file and the problem.</summary>
    public static IReadOnlyList<ExerciseSpec> All => Embedded.Value;

    /// <summary>The exercise with this id ("3.1"); throws <see cref="KeyNotFoundException"/> naming the known ids.</summary>
    public static ExerciseSpec Get(string id) =>
        All.FirstOrDefault(s => s.Id == id)
        ?? throw new KeyNotFoundException($"no exercise {id} in the catalogue (known: {string.Join(", ", All.Select(s => s.Id))})");

    /// <summary>Reads a catalogue file; throws <see cref="InvalidDataException"/> naming the file and what is wrong.</summary>
    public static IReadOnlyList<ExerciseSpec> Load(string path)
    {
        if (!File.Exists(path)) throw new InvalidDataException($"{path}: no such file; write it with `dotnet run --project tools/Cli -- catalogue`");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Reads catalogue JSON; <paramref name="source"/> names it in errors (<see cref="InvalidDataException"/>).</summary>
    public static IReadOnlyList<ExerciseSpec> Parse(string json, string source)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip }); }
        catch (JsonException e) { throw new InvalidDataException($"{source}: not JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}", e); }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("exercises", out var list) || list.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException($"{source}: expected an object with an array \"exercises\"");
            var specs = new List<ExerciseSpec>();
            var number = 0;
            foreach (var entry in list.EnumerateArray())
            {
                number++;
                var where = $"{source}: exercise {number}";
                if (entry.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{where} is not an object");
                var id = Text(entry, "id", where);
                where += $" (\"{id}\")";
                if (!IdPattern().IsMatch(id)) throw new InvalidDataException($"{where}: \"id\" must look like \"3.1\"");
                var title = Text(entry, "title", where);
                var notebook = Text(entry, "notebook", where);
                var stub = Hash(entry, "stubHash", where);
                var check = Hash(entry, "checkCellHash", where);
                TimeSpan? limit = null;
                if (entry.TryGetProperty("timeLimitSeconds", out var seconds))
                {
                    if (seconds.ValueKind != JsonValueKind.Number || !seconds.TryGetDouble(out var s) || s <= 0)
                        throw new InvalidDataException($"{where}: \"timeLimitSeconds\" must be a positive number");
                    limit = TimeSpan.FromSeconds(s);
                }
                foreach (var property in entry.EnumerateObject())
                    if (property.Name is not ("id" or "title" or "notebook" or "stubHash" or "checkCellHash" or "timeLimitSeconds"))
                        throw new InvalidDataException($"{where}: unknown field \"{property.Name}\"");
                if (specs.Any(s => s.Id == id)) throw new InvalidDataException($"{where}: the id is also exercise {specs.FindIndex(s => s.Id == id) + 1}'s");
                specs.Add(new ExerciseSpec(id, title, notebook, stub, check, limit));
            }
            if (specs.Count == 0) throw new InvalidDataException($"{source}: \"exercises\" is empty");
            return specs;
        }
    }

    /// <summary>The catalogue as the file holds it: indented JSON, one object per exercise, a newline at the end.</summary>
    public static string Write(IEnumerable<ExerciseSpec> specs)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("about", About);
            json.WriteStartArray("exercises");
            foreach (var spec in specs)
            {
                json.WriteStartObject();
                json.WriteString("id", spec.Id);
                json.WriteString("title", spec.Title);
                json.WriteString("notebook", spec.Notebook);
                json.WriteString("stubHash", spec.StubHash);
                json.WriteString("checkCellHash", spec.CheckCellHash);
                if (spec.TimeLimit is { } limit) json.WriteNumber("timeLimitSeconds", limit.TotalSeconds);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()).ReplaceLineEndings("\n") + "\n";
    }

    private static string Text(JsonElement entry, string name, string where) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new InvalidDataException($"{where}: \"{name}\" is missing or not a non-empty string");

    private static string Hash(JsonElement entry, string name, string where)
    {
        var hash = Text(entry, name, where);
        return HashPattern().IsMatch(hash) ? hash
            : throw new InvalidDataException($"{where}: \"{name}\" must be 64 lower-case hex digits (a SHA-256), not \"{hash}\"");
    }

    [GeneratedRegex(@"^\d+\.\d+$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[0-9a-f]{64}$")]
    private static partial Regex HashPattern();
}
