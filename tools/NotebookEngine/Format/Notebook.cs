using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Course.NotebookEngine.Format;

/// <summary>
/// An nbformat 4 notebook as VS Code's Polyglot Notebooks writes it. The JSON tree is kept whole, so
/// fields this class does not know survive a write, and the file's layout is remembered so that reading
/// and writing without executing changes nothing.
/// </summary>
public sealed class Notebook
{
    private readonly JsonObject _root;

    private Notebook(JsonObject root, JsonLayout layout, string? path)
    {
        _root = root;
        Layout = layout;
        Path = path;
        var cells = root["cells"] as JsonArray
            ?? throw new NotebookFormatException($"{Describe(path)}: has no \"cells\" array; is it an nbformat 4 notebook?");
        Cells = cells.Select((cell, i) => cell is JsonObject obj
                ? new NotebookCell(obj, i + 1)
                : throw new NotebookFormatException($"{Describe(path)}: cell {i + 1} is not a JSON object"))
            .ToList();
    }

    /// <summary>The file this notebook was read from, if any.</summary>
    public string? Path { get; }

    /// <summary>The layout (indent, newline, trailing text) a write reproduces.</summary>
    public JsonLayout Layout { get; }

    /// <summary>The cells in file order; <see cref="NotebookCell.Number"/> counts from 1.</summary>
    public IReadOnlyList<NotebookCell> Cells { get; }

    /// <summary>The file name for messages ("notebook.ipynb"), or "notebook" when it came from text.</summary>
    public string DisplayName => Path is null ? "notebook" : System.IO.Path.GetFileName(Path);

    /// <summary>
    /// The kernel a code cell runs in when neither its first line nor its metadata names one:
    /// polyglot_notebook.kernelInfo.defaultKernelName, else the kernelspec (".net-csharp" → csharp).
    /// </summary>
    public string DefaultKernelName
    {
        get
        {
            var metadata = _root["metadata"] as JsonObject;
            if (metadata?["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"] is JsonValue v && v.TryGetValue<string>(out var name))
                return KernelNames.Normalize(name);
            if (metadata?["kernelspec"]?["name"] is JsonValue spec && spec.TryGetValue<string>(out var specName))
                return KernelNames.Normalize(specName);
            return KernelNames.CSharp;
        }
    }

    /// <summary>Reads a notebook file; malformed files throw <see cref="NotebookFormatException"/> naming the file and position.</summary>
    public static Notebook Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (IOException e) { throw new NotebookFormatException($"{path}: cannot be read: {e.Message}", e); }
        return Parse(text, path);
    }

    /// <summary>Parses notebook text; <paramref name="path"/> only names the source in messages and resolves relative paths.</summary>
    public static Notebook Parse(string text, string? path = null)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            throw new NotebookFormatException(
                $"{Describe(path)}: not valid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {FirstSentence(e.Message)}", e);
        }
        if (root is not JsonObject obj)
            throw new NotebookFormatException($"{Describe(path)}: the top level is not a JSON object, so this is not a notebook");
        if (obj["nbformat"] is not JsonValue format || !format.TryGetValue<int>(out var major) || major != 4)
            throw new NotebookFormatException($"{Describe(path)}: nbformat is {obj["nbformat"]?.ToJsonString() ?? "missing"}; only nbformat 4 notebooks are supported");
        return new Notebook(obj, JsonLayout.Detect(text), path);
    }

    /// <summary>The notebook as text, in the layout it was read with.</summary>
    public string ToJson() => NotebookJsonWriter.Write(_root, Layout);

    /// <summary>Writes the notebook (UTF-8 without a byte order mark unless the original had one).</summary>
    public void Save(string path)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        File.WriteAllText(path, ToJson(), new UTF8Encoding(false));
    }

    private static string Describe(string? path) => path ?? "notebook";

    private static string FirstSentence(string message)
    {
        foreach (var marker in new[] { " Path:", " LineNumber:" })
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0) message = message[..cut];
        }
        return message.TrimEnd();
    }
}
