using Course.NotebookEngine.Format;
using System.Text.Json.Nodes;

namespace Course.NotebookEngine.Outputs;

/// <summary>Text the cell wrote to Console.Out ("stdout") or Console.Error ("stderr").</summary>
public sealed record StreamOutput(string Name, string Text) : CellOutput
{
    /// <inheritdoc />
    public override JsonObject ToJson(int? executionCount = null) => new()
    {
        ["name"] = Name,
        ["output_type"] = "stream",
        ["text"] = SourceLines.Split(Text),
    };
}
