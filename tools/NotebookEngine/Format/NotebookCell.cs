using System.Text.Json.Nodes;
using Course.NotebookEngine.Outputs;

namespace Course.NotebookEngine.Format;

/// <summary>One cell of a <see cref="Notebook"/>, a view over its JSON object (unknown fields are kept).</summary>
public sealed class NotebookCell
{
    private readonly JsonObject _json;

    internal NotebookCell(JsonObject json, int number)
    {
        _json = json;
        Number = number;
    }

    /// <summary>The 1-based position in the notebook, counting every cell (as a reader counts them).</summary>
    public int Number { get; }

    /// <summary>"code", "markdown" or "raw".</summary>
    public string CellType => _json["cell_type"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "code";

    /// <summary>True for a code cell.</summary>
    public bool IsCode => CellType == "code";

    /// <summary>The source text, whether the file stores it as one string or as an array of lines.</summary>
    public string Source
    {
        get => _json["source"] switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>() ?? "")),
            _ => "",
        };
        set => _json["source"] = _json["source"] is JsonArray ? SourceLines.Split(value) : JsonValue.Create(value);
    }

    /// <summary>The kernel named in the cell's metadata: polyglot_notebook.kernelName, else the legacy dotnet_interactive.language.</summary>
    public string? MetadataKernelName =>
        (_json["metadata"]?["polyglot_notebook"]?["kernelName"] ?? _json["metadata"]?["dotnet_interactive"]?["language"]) is JsonValue v
        && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>
    /// The kernel this code cell runs in: a first-line selector (#!csharp) wins over the metadata, which wins
    /// over the notebook's default.
    /// </summary>
    public string KernelName(string defaultKernel)
    {
        var selector = CellSource.Selector(Source);
        return KernelNames.Normalize(selector ?? MetadataKernelName ?? defaultKernel);
    }

    /// <summary>The [n] of the last execution stored in the file, if any.</summary>
    public int? ExecutionCount => _json["execution_count"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : null;

    /// <summary>The outputs stored in the file, as nbformat JSON objects.</summary>
    public IReadOnlyList<JsonObject> StoredOutputs =>
        (_json["outputs"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];

    /// <summary>Replaces the cell's outputs and execution count with the result of a run.</summary>
    public void SetOutputs(IEnumerable<CellOutput> outputs, int? executionCount)
    {
        if (!IsCode) return;
        _json["execution_count"] = executionCount is { } n ? JsonValue.Create(n) : null;
        var array = new JsonArray();
        foreach (var output in outputs) array.Add(output.ToJson(executionCount));
        _json["outputs"] = array;
    }
}
