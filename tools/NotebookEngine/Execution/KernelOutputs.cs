using System.Text.Json.Nodes;
using Course.NotebookEngine.Outputs;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Course.NotebookEngine.Execution;

/// <summary>
/// The kernel events of one cell as nbformat outputs, mapped as the dotnet-interactive tool's Jupyter front end maps
/// them (its ExecuteRequestHandler): displayed values → display_data, their updates → update_display_data, the
/// return value → execute_result, Console → stream, diagnostics → stderr, a failed command → error.
/// </summary>
internal sealed class KernelOutputs(IOutputSink sink)
{
    private ErrorOutput? _error;
    private int? _line;
    private string? _compileErrors;

    public void On(KernelEvent kernelEvent)
    {
        switch (kernelEvent)
        {
            case ReturnValueProduced { Value: DisplayedValue }:
                break; // display(...) returned as the cell's value: the tool shows it once, as display_data
            case DisplayedValueUpdated updated:
                sink.Replace(updated.ValueId, new DisplayOutput(Data(updated), false, updated.ValueId));
                break;
            case DisplayedValueProduced displayed:
                sink.Add(new DisplayOutput(Data(displayed), false, displayed.ValueId), displayed.ValueId);
                break;
            case ReturnValueProduced result:
                sink.Add(new DisplayOutput(Data(result), true), null);
                break;
            case StandardOutputValueProduced stdout:
                sink.Add(new StreamOutput("stdout", PlainText(stdout)), null);
                break;
            case StandardErrorValueProduced or ErrorProduced:
                sink.Add(new StreamOutput("stderr", PlainText((DisplayEvent)kernelEvent)), null);
                break;
            case DiagnosticsProduced diagnostics:
                // The spans count the cell's own lines (directives included), as VS Code shows them; the text does not.
                var errors = diagnostics.Diagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
                if (errors.Count > 0)
                {
                    _line ??= errors[0].LinePositionSpan.Start.Line + 1;
                    _compileErrors ??= string.Join("\n", errors.Select(d =>
                        $"({d.LinePositionSpan.Start.Line + 1},{d.LinePositionSpan.Start.Character + 1}): error {d.Code}: {d.Message}"));
                }
                // The tool spaces the diagnostics out and sends them to stderr (warnings included).
                if (diagnostics.FormattedDiagnostics.Count == 0) break;
                var text = string.Join("\n\n", diagnostics.FormattedDiagnostics.Select(d => d.Value));
                sink.Add(new StreamOutput("stderr", $"\n{text}\n\n"), null);
                break;
            case CommandFailed failed when _error is null:
                _error = Error(failed);
                break;
        }
    }

    /// <summary>How the cell ended; its error (if any) goes to the sink last, as the tool sends it last.</summary>
    public CellExecution Finish(KernelCommandResult result)
    {
        if (_error is null && result.Events.OfType<CommandFailed>().FirstOrDefault() is { } failed) _error = Error(failed);
        if (_error is null) return CellExecution.Success;
        sink.Add(_error, null);
        return new CellExecution(false, _error, _line);
    }

    /// <summary>The kernel itself threw (not the cell's code): reported on the cell.</summary>
    public CellExecution Fail(Exception exception)
    {
        _error = new ErrorOutput(exception.GetType().FullName ?? "Error", exception.Message, Lines(exception.ToString()));
        sink.Add(_error, null);
        return new CellExecution(false, _error, null);
    }

    private ErrorOutput Error(CommandFailed failed)
    {
        switch (failed.Exception)
        {
            case CodeSubmissionCompilationErrorException:
                // The tool's text counts lines without the cell's directives; the error names them as the editor shows the cell.
                return new ErrorOutput("CompilationError", _compileErrors ?? failed.Message, []);
            case null:
                return new ErrorOutput("Error", failed.Message, []);
            case var exception:
                return new ErrorOutput(exception.GetType().FullName ?? "Error", exception.Message, Lines(exception.ToString()));
        }
    }

    private static Dictionary<string, JsonNode?> Data(DisplayEvent displayEvent) =>
        displayEvent.FormattedValues
            .GroupBy(v => v.MimeType)
            .ToDictionary(g => g.Key, g => Value(g.Key, g.Last().Value));

    // JSON mime types stay JSON, as the tool's PreserveJson keeps them.
    private static JsonNode? Value(string mimeType, string value) =>
        mimeType == JsonFormatter.MimeType || mimeType.EndsWith("+json", StringComparison.Ordinal)
            ? JsonNode.Parse(value)
            : JsonValue.Create(value);

    private static string PlainText(DisplayEvent displayEvent) =>
        displayEvent.FormattedValues.FirstOrDefault(v => v.MimeType == PlainTextFormatter.MimeType)?.Value
        ?? displayEvent.Value?.ToString() ?? "";

    private static string[] Lines(string text) => text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
}
