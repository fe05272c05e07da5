using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Course.Notebooks.Directives;
using Course.Notebooks.Formatting;
using Course.Notebooks.Outputs;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace Course.Notebooks.Execution;

/// <summary>
/// Runs the C# cells of one notebook in one Roslyn script state, as the real C# kernel does: the first cell
/// with RunAsync, each later one continuing the state; default imports, display/HTML, directives and
/// formatting as described in tools/README.md. It runs in the worker process (see NotebookRunner), never in a
/// process that must survive an endless loop or a stack overflow.
/// </summary>
public sealed class NotebookSession : IDisposable
{
    /// <summary>The real kernel's default usings.</summary>
    public static readonly ImmutableArray<string> DefaultImports =
        ["System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq"];

    private static NotebookSession? _current;

    private readonly string _baseDirectory;
    private readonly IOutputSink _sink;
    private readonly PackageResolver _packages;
    private readonly ScriptGlobals _globals = new();
    private readonly StreamCapture _stdout, _stderr;
    private readonly TextWriter _originalOut, _originalError;
    private readonly HashSet<string> _probeFolders = new(StringComparer.Ordinal);
    private ScriptOptions _options;
    private ScriptState<object>? _state;
    private int _cellNumber;

    /// <summary>Starts a session whose relative #r and #load paths resolve against <paramref name="baseDirectory"/>.</summary>
    public NotebookSession(string baseDirectory, IOutputSink sink, string carriedPackagesFolder)
    {
        _baseDirectory = Path.GetFullPath(baseDirectory);
        _sink = sink;
        _packages = new PackageResolver(carriedPackagesFolder);
        _options = ScriptOptions.Default
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithImports(DefaultImports)
            .WithReferences(FrameworkReferences().Append(MetadataReference.CreateFromFile(typeof(ScriptGlobals).Assembly.Location)))
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(_baseDirectory))
            .WithSourceResolver(new SourceFileResolver(ImmutableArray<string>.Empty, _baseDirectory))
            .WithEmitDebugInformation(true)
            .WithFileEncoding(Encoding.UTF8)
            .WithAllowUnsafe(true);
        _originalOut = Console.Out;
        _originalError = Console.Error;
        _stdout = new StreamCapture("stdout", sink);
        _stderr = new StreamCapture("stderr", sink);
        Console.SetOut(_stdout);
        Console.SetError(_stderr);
        AssemblyLoadContext.Default.Resolving += ResolveFromReferencedFolders;
        _current = this;
    }

    /// <summary>The session of this process, for display(...) and .Display().</summary>
    internal static NotebookSession RequireCurrent() =>
        _current ?? throw new InvalidOperationException("display(...) works only while a notebook cell runs");

    /// <summary>Runs one C# cell (its #!csharp selector line already removed); <paramref name="cellNumber"/> names it in stack traces.</summary>
    public async Task<CellExecution> RunCellAsync(string code, int cellNumber)
    {
        _cellNumber = cellNumber;
        try
        {
            var directives = CellDirectives.Parse(code);
            if (directives.Problems.Count > 0) return Fail(ErrorReports.Directive(directives.Problems));
            foreach (var request in directives.Packages)
            {
                IReadOnlyList<string> dlls; string? note;
                try { (dlls, note) = _packages.Resolve(request); }
                catch (PackageException e) { return Fail(ErrorReports.Package(e.Message, request.Line)); }
                if (note is not null) Console.Out.WriteLine(note);
                foreach (var dll in dlls) _probeFolders.Add(Path.GetDirectoryName(dll)!);
                _options = _options.AddReferences(dlls.Select(d => MetadataReference.CreateFromFile(d)));
            }

            var options = _options.WithFilePath(CellFilePath(cellNumber));
            var script = _state is null
                ? CSharpScript.Create<object>(directives.Code, options, typeof(ScriptGlobals))
                : _state.Script.ContinueWith<object>(directives.Code, options);
            var errors = script.Compile().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count > 0) return Fail(ErrorReports.Compilation(errors, options.FilePath, _baseDirectory));
            RememberReferencedFolders(script);

            var hasValue = HasTrailingValue(script.GetCompilation(), options.FilePath);
            var state = _state is null
                ? await script.RunAsync(_globals, catchException: _ => true)
                : await script.RunFromAsync(_state, catchException: _ => true);
            _state = state;
            Flush();
            if (state.Exception is { } exception) return Fail(ErrorReports.Exception(exception, _baseDirectory, cellNumber));
            if (hasValue) Publish(ValueFormatter.Format(state.ReturnValue, []), isResult: true, displayId: null);
            return CellExecution.Success;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Flush();
            return Fail(ErrorReports.Exception(e, _baseDirectory, cellNumber));
        }
    }

    /// <summary>Compiles and runs a throw-away script so that the first real cell starts warm.</summary>
    public async Task WarmUpAsync() =>
        await CSharpScript.RunAsync("var warm = new List<int> { 1 }.Select(i => i + 1).Count();", _options);

    internal DisplayedValue Display(object? value, string[] mimeTypes)
    {
        var displayed = new DisplayedValue(this, Guid.NewGuid().ToString("N"), mimeTypes);
        Publish(ValueFormatter.Format(value, mimeTypes), isResult: false, displayed.DisplayId);
        return displayed;
    }

    internal DisplayedValue DisplayRaw(string value, string mimeType)
    {
        var displayed = new DisplayedValue(this, Guid.NewGuid().ToString("N"), [mimeType]);
        Flush();
        _sink.Add(new DisplayOutput(new Dictionary<string, System.Text.Json.Nodes.JsonNode?> { [mimeType] = value }, false, displayed.DisplayId), displayed.DisplayId);
        return displayed;
    }

    internal void UpdateDisplay(DisplayedValue displayed, object? value)
    {
        Flush();
        _sink.Replace(displayed.DisplayId, new DisplayOutput(ValueFormatter.Format(value, displayed.MimeTypes), false, displayed.DisplayId));
    }

    /// <summary>Restores the console and stops resolving assemblies for this session.</summary>
    public void Dispose()
    {
        Flush();
        Console.SetOut(_originalOut);
        Console.SetError(_originalError);
        AssemblyLoadContext.Default.Resolving -= ResolveFromReferencedFolders;
        if (_current == this) _current = null;
    }

    /// <summary>The file name Roslyn gives a cell, so stack frames and diagnostics can say "cell N".</summary>
    internal static string CellFileName(int cellNumber) => $"cell{cellNumber}.csx";

    private string CellFilePath(int cellNumber) => Path.Combine(_baseDirectory, CellFileName(cellNumber));

    private void Publish(Dictionary<string, System.Text.Json.Nodes.JsonNode?> data, bool isResult, string? displayId)
    {
        Flush();
        _sink.Add(new DisplayOutput(data, isResult, displayId), displayId);
    }

    private CellExecution Fail((ErrorOutput Error, int? Line) report)
    {
        Flush();
        _sink.Add(report.Error, null);
        return new CellExecution(false, report.Error, report.Line);
    }

    private void Flush()
    {
        _stdout.Flush();
        _stderr.Flush();
    }

    // Dependencies of a #r'd dll sit beside it (a library built with CopyLocalLockFileAssemblies).
    private void RememberReferencedFolders(Script script)
    {
        foreach (var reference in script.GetCompilation().References.OfType<PortableExecutableReference>())
            if (reference.FilePath is { } path && !path.StartsWith(RuntimeDirectory, StringComparison.Ordinal))
                _probeFolders.Add(Path.GetDirectoryName(path)!);
    }

    private Assembly? ResolveFromReferencedFolders(AssemblyLoadContext context, AssemblyName name)
    {
        foreach (var folder in _probeFolders)
        {
            var candidate = Path.Combine(folder, name.Name + ".dll");
            if (File.Exists(candidate)) return context.LoadFromAssemblyPath(candidate);
        }
        return null;
    }

    // A submission has a value when it ends with an expression without a semicolon whose type is not void.
    private static bool HasTrailingValue(Compilation compilation, string cellPath)
    {
        var tree = compilation.SyntaxTrees.LastOrDefault(t => t.FilePath == cellPath);
        if (tree?.GetRoot() is not Microsoft.CodeAnalysis.CSharp.Syntax.CompilationUnitSyntax root) return false;
        if (root.Members.LastOrDefault() is not Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax
            { Statement: Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionStatementSyntax { SemicolonToken.IsMissing: true } statement })
            return false;
        var type = compilation.GetSemanticModel(tree).GetTypeInfo(statement.Expression).Type;
        return type is not null && type.SpecialType != SpecialType.System_Void;
    }

    private static string RuntimeDirectory => Path.GetDirectoryName(typeof(object).Assembly.Location)!;

    // The whole shared framework, as the real kernel references it, not just Roslyn's small default set.
    private static IEnumerable<MetadataReference> FrameworkReferences() =>
        ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(p => p.StartsWith(RuntimeDirectory, StringComparison.Ordinal) && p.EndsWith(".dll", StringComparison.Ordinal))
            .Select(p => MetadataReference.CreateFromFile(p));
}
