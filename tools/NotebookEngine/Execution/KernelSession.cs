using System.Collections.Concurrent;
using System.Reactive.Linq;
using System.Runtime.Loader;
using System.Text.Json;
using System.Text.Json.Serialization;
using Course.NotebookEngine.Running;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.PackageManagement;

namespace Course.NotebookEngine.Execution;

/// <summary>
/// The real .NET Interactive kernel, built as the dotnet-interactive tool builds it for C# (CSharpKernel with
/// #r "nuget:…", the kernel helpers, #!who and value sharing; an html kernel; NuGet packages' kernel extensions
/// loaded when they are added). It runs in the worker process (see NotebookRunner); every kernel event of a cell
/// goes to the sink as the tool's Jupyter front end maps it (<see cref="KernelOutputs"/>). What the session itself has
/// to say about this machine (a package version substituted, a kernel extension loaded) is not a cell output: it comes
/// back as the cell's <see cref="CellExecution.Notices"/>.
/// </summary>
public sealed class KernelSession : IDisposable
{
    private static readonly JsonSerializerOptions CaptureJson = new() { Converters = { new JsonStringEnumConverter() } };

    private readonly CompositeKernel _kernel;
    private readonly CSharpKernel _csharp;
    private readonly IOutputSink _sink;
    private readonly ConcurrentQueue<PackageAdded> _addedPackages = new();
    private readonly ConcurrentDictionary<string, string> _requestedVersions = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _extensionFolders = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _notices = new();
    private readonly IDisposable _packageEvents;

    /// <summary>A kernel whose relative #r and #load paths resolve against the process's current directory (the notebook's folder).</summary>
    public KernelSession(IOutputSink sink)
    {
        _sink = sink;
        var csharp = new CSharpKernel()
            .UseNugetDirective((kernel, packages) =>
            {
                kernel.AddAssemblyReferences(packages.SelectMany(p => p.AssemblyPaths));
                return Task.CompletedTask;
            })
            .UseKernelHelpers()
            .UseWho()
            .UseValueSharing();
        _csharp = csharp;
        _kernel = new CompositeKernel { csharp, new HtmlKernel(), new KeyValueStoreKernel().UseWho() };
        _kernel.DefaultKernelName = csharp.Name;
        _packageEvents = _kernel.KernelEvents.OfType<PackageAdded>().Subscribe(_addedPackages.Enqueue);
        csharp.AddMiddleware(async (command, context, next) =>
        {
            if (command is AddPackage { PackageVersion: { Length: > 0 } version } add) _requestedVersions[add.PackageName] = version;
            await next(command, context);
        });
        _kernel.AddMiddleware(async (command, context, next) =>
        {
            await next(command, context);
            await AfterPackagesAddedAsync(context);
        });
    }

    /// <summary>Runs one cell in <paramref name="kernelName"/>; a first-line selector such as #!csharp is the kernel's to read, so its lines count as the editor shows them.</summary>
    public async Task<CellExecution> RunCellAsync(string code, string kernelName = "csharp")
    {
        var outputs = new KernelOutputs(_sink);
        var command = new SubmitCode(code, kernelName);
        _notices.Clear(); // a notice of a warm-up or a completion request is no cell's
        // One cell runs at a time, so every event until it ends is the cell's (an update of an earlier display included).
        using var subscription = _kernel.KernelEvents.Subscribe(outputs.On);
        KernelCommandResult result;
        try
        {
            result = await _kernel.SendAsync(command);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return outputs.Fail(e) with { Notices = TakeNotices() };
        }
        return outputs.Finish(result) with { Notices = TakeNotices() };
    }

    private List<string> TakeNotices()
    {
        var notices = new List<string>();
        while (_notices.TryDequeue(out var notice)) notices.Add(notice);
        return notices;
    }

    /// <summary>
    /// The kernel's completions at <paramref name="cursor"/> (a character offset in <paramref name="code"/>) that start
    /// with what is typed before it, and the range of <paramref name="code"/> they replace.
    /// </summary>
    public async Task<(IReadOnlyList<string> Matches, int Start, int End)> CompleteAsync(string code, int cursor)
    {
        cursor = Math.Clamp(cursor, 0, code.Length);
        var result = await _kernel.SendAsync(new RequestCompletions(code, CellText.Position(code, cursor), _kernel.DefaultKernelName));
        if (result.Events.OfType<CompletionsProduced>().FirstOrDefault() is not { } produced) return ([], cursor, cursor);
        var start = produced.LinePositionSpan is { } span ? CellText.Offset(code, span.Start) : CellText.WordStart(code, cursor);
        var end = produced.LinePositionSpan is { } replaced ? Math.Max(cursor, CellText.Offset(code, replaced.End)) : cursor;
        var typed = code[start..cursor];
        // InsertText is an editor snippet ("Write($1)") and a generic method displays as "Count<>"; Jupyter inserts a
        // match as it is, so the bare name is the match.
        var matches = produced.Completions
            .Select(c => c.DisplayText.EndsWith("<>", StringComparison.Ordinal) ? c.DisplayText[..^2] : c.DisplayText)
            .Where(text => text.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return (matches, start, end);
    }

    /// <summary>The kernel's hover text at <paramref name="cursor"/>, by mime type (empty when there is none).</summary>
    public async Task<IReadOnlyDictionary<string, string>> InspectAsync(string code, int cursor)
    {
        cursor = Math.Clamp(cursor, 0, code.Length);
        // Jupyter front ends send the cursor just after a name; the kernel describes the symbol under the cursor.
        var at = cursor > 0 && (cursor == code.Length || !char.IsLetterOrDigit(code[cursor])) ? cursor - 1 : cursor;
        var result = await _kernel.SendAsync(new RequestHoverText(code, CellText.Position(code, at), _kernel.DefaultKernelName));
        return result.Events.OfType<HoverTextProduced>().FirstOrDefault() is { } hover
            ? hover.Content.GroupBy(v => v.MimeType).ToDictionary(g => g.Key, g => g.Last().Value)
            : new Dictionary<string, string>();
    }

    /// <summary>
    /// Reads the variable of <paramref name="capture"/> from the C# kernel and serialises it, if its type is the one asked
    /// for from a file-loaded assembly of that name (so a type declared by a cell, whatever its name, is refused).
    /// </summary>
    public CapturedVariable Capture(VariableCapture capture)
    {
        if (!_csharp.TryGetValue<object>(capture.Variable, out var value) || value is null)
            return new(null, $"the variable {capture.Variable} holds no value");
        var type = value.GetType();
        var assembly = type.Assembly;
        if (type.FullName != capture.TypeFullName)
            return new(null, $"the value is a {type.FullName}, not a {capture.TypeFullName}");
        if (assembly.IsDynamic || string.IsNullOrEmpty(assembly.Location) || assembly.GetName().Name != capture.AssemblyName)
            return new(null, $"the value's type {type.FullName} comes from {assembly.GetName().Name} (in memory or not {capture.AssemblyName}), not from the library {capture.AssemblyName}");
        if (capture.AssemblyPath is { } expected && !SameFile(assembly.Location, expected))
            return new(null, $"the value's type comes from {assembly.Location}, not from {expected}");
        try { return new(JsonSerializer.Serialize(value, type, CaptureJson), null); }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or JsonException)
        {
            return new(null, $"the value could not be serialised: {e.Message}");
        }
    }

    /// <summary>Compiles and runs a throw-away cell so that the first real cell starts warm.</summary>
    public async Task WarmUpAsync() =>
        await _kernel.SendAsync(new SubmitCode("var warm = new List<int> { 1 }.Select(i => i + 1).Count();"));

    /// <summary>Disposes the kernel.</summary>
    public void Dispose()
    {
        _packageEvents.Dispose();
        _kernel.Dispose();
    }

    // As the tool does: a package that ships interactive-extensions/dotnet/*.dll gets its IKernelExtension types
    // loaded into the kernel (Plotly.NET.Interactive registers its chart formatter this way). The tool displays
    // "Loading extensions from …" and NuGet's substitution of a version goes unsaid; both are about this machine, not
    // the notebook, so they are the cell's notices (the CLI prints them to stderr), never its outputs.
    private async Task AfterPackagesAddedAsync(KernelInvocationContext context)
    {
        while (_addedPackages.TryDequeue(out var added))
        {
            var package = added.PackageReference;
            if (_requestedVersions.TryGetValue(package.PackageName, out var requested) && !SameVersion(requested, package.PackageVersion))
                _notices.Enqueue($"{package.PackageName} {requested} is not on this machine's NuGet source; {package.PackageVersion} was used instead");
            var folder = Path.Combine(package.PackageRoot, "interactive-extensions", "dotnet");
            if (!Directory.Exists(folder) || !_extensionFolders.Add(folder)) continue;
            foreach (var dll in Directory.GetFiles(folder, "*.dll"))
            {
                var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(dll);
                var extensions = assembly.ExportedTypes
                    .Where(t => !t.IsAbstract && !t.IsInterface && !t.IsGenericTypeDefinition && typeof(IKernelExtension).IsAssignableFrom(t))
                    .ToList();
                if (extensions.Count > 0) _notices.Enqueue($"Loading extensions from `{assembly.Location}`");
                foreach (var type in extensions)
                {
                    var extension = (IKernelExtension)Activator.CreateInstance(type)!;
                    try
                    {
                        await extension.OnLoadAsync(_kernel);
                        context.Publish(new KernelExtensionLoaded(extension, context.Command));
                    }
                    catch (Exception e)
                    {
                        context.Publish(new ErrorProduced($"Failed to load kernel extension \"{type.Name}\" from assembly {assembly.Location}", context.Command));
                        context.Fail(context.Command, new KernelExtensionLoadException(e));
                    }
                }
            }
        }
    }

    private static bool SameFile(string a, string b) =>
        string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    private static bool SameVersion(string requested, string resolved) =>
        requested.Contains('*') || string.Equals(requested, resolved, StringComparison.OrdinalIgnoreCase)
        || (Version.TryParse(requested, out var a) && Version.TryParse(resolved, out var b) && a == b);
}
