using System.Text.Json.Nodes;

namespace Course.NotebookEngine.Outputs;

/// <summary>A compile error, an exception, a timeout or a crashed worker.</summary>
/// <param name="Name">The exception type, or "CompilationError", "Timeout", "WorkerCrashed", "KernelNotSupported".</param>
/// <param name="Value">The message a learner reads.</param>
/// <param name="Traceback">The learner's stack frames (engine frames removed) or the compiler diagnostics.</param>
public sealed record ErrorOutput(string Name, string Value, IReadOnlyList<string> Traceback) : CellOutput
{
    /// <inheritdoc />
    public override JsonObject ToJson(int? executionCount = null) => new()
    {
        ["ename"] = Name,
        ["evalue"] = Value,
        ["output_type"] = "error",
        ["traceback"] = new JsonArray(Traceback.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
    };
}
