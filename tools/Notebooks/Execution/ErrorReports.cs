using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using Course.Notebooks.Outputs;
using Microsoft.CodeAnalysis;

namespace Course.Notebooks.Execution;

/// <summary>Turns compile errors and exceptions into error outputs a learner can act on.</summary>
internal static partial class ErrorReports
{
    // Frames of these namespaces are the engine's or the runtime's plumbing, not the learner's code.
    private static readonly string[] PlumbingPrefixes =
    [
        "Microsoft.CodeAnalysis.", "Course.Notebooks.", "System.Runtime.CompilerServices.", "System.Runtime.ExceptionServices.",
        "System.Threading.Tasks.", "System.Threading.ExecutionContext", "System.RuntimeMethodHandle", "System.Reflection.",
    ];

    /// <summary>"(line,col): error CSxxxx: message", line and column relative to the cell; other files are named.</summary>
    public static (ErrorOutput, int?) Compilation(IReadOnlyList<Diagnostic> errors, string cellPath, string baseDirectory)
    {
        var lines = new List<string>();
        int? firstLine = null;
        foreach (var error in errors)
        {
            var span = error.Location.GetMappedLineSpan();
            var position = $"({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})";
            var inCell = !span.IsValid || string.IsNullOrEmpty(span.Path) || span.Path == cellPath;
            if (inCell && span.IsValid) firstLine ??= span.StartLinePosition.Line + 1;
            var file = inCell ? "" : Path.GetRelativePath(baseDirectory, span.Path);
            lines.Add($"{file}{position}: error {error.Id}: {error.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}");
        }
        return (new ErrorOutput("CompilationError", string.Join("\n", lines), lines), firstLine);
    }

    public static (ErrorOutput, int?) Directive(IReadOnlyList<string> problems) =>
        (new ErrorOutput("CompilationError", string.Join("\n", problems), problems), LineOf(problems[0]));

    public static (ErrorOutput, int?) Package(string message, int line) =>
        (new ErrorOutput("PackageError", message, [$"({line},1): {message}"]), line);

    /// <summary>The exception's type and message, then only the frames of the learner's code ("cell 3, line 4").</summary>
    public static (ErrorOutput, int?) Exception(Exception exception, string baseDirectory, int cellNumber)
    {
        exception = Unwrap(exception);
        var traceback = new List<string>();
        int? line = null;
        for (var e = exception; e is not null; e = e.InnerException)
        {
            traceback.Add((e == exception ? "" : "---> ") + $"{e.GetType().FullName}: {e.Message}");
            foreach (var frame in new StackTrace(e, fNeedFileInfo: true).GetFrames())
            {
                var method = frame.GetMethod();
                var typeName = method?.DeclaringType?.FullName ?? "";
                if (PlumbingPrefixes.Any(p => typeName.StartsWith(p, StringComparison.Ordinal))) continue;
                var where = Where(frame, baseDirectory, cellNumber, ref line, e == exception);
                traceback.Add($"   at {Describe(method)}{where}");
            }
        }
        return (new ErrorOutput(exception.GetType().FullName ?? "Exception", exception.Message, traceback), line);
    }

    private static Exception Unwrap(Exception e) => e switch
    {
        TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        AggregateException { InnerExceptions.Count: 1 } a => Unwrap(a.InnerExceptions[0]),
        _ => e,
    };

    private static string Where(StackFrame frame, string baseDirectory, int cellNumber, ref int? line, bool outermost)
    {
        var file = frame.GetFileName();
        var number = frame.GetFileLineNumber();
        if (string.IsNullOrEmpty(file) || number == 0) return "";
        var cell = CellFile().Match(Path.GetFileName(file));
        if (cell.Success && Path.GetDirectoryName(file) == baseDirectory)
        {
            var frameCell = int.Parse(cell.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (outermost && frameCell == cellNumber) line ??= number;
            return $" in cell {frameCell}, line {number}";
        }
        return $" in {Path.GetFileName(file)}:line {number}";
    }

    // Script methods are compiler-named ("<<Initialize>>d__0.MoveNext"); say what a learner wrote instead.
    private static string Describe(MethodBase? method)
    {
        if (method is null) return "<unknown>";
        var type = method.DeclaringType;
        var typeName = type?.Name ?? "";
        if (typeName.Contains("<<Initialize>>", StringComparison.Ordinal) || method.Name == "<Initialize>") return "the cell's code";
        while (type is not null && (type.Name.StartsWith("Submission#", StringComparison.Ordinal) || type.Name.StartsWith('<')))
        {
            if (type.Name.StartsWith('<')) { typeName = type.Name; type = type.DeclaringType; continue; }
            type = null;
        }
        var name = method.Name.StartsWith('<') ? LocalName(method.Name, typeName) : method.Name;
        var owner = method.DeclaringType is { } t && !t.Name.StartsWith("Submission#", StringComparison.Ordinal) && !t.Name.StartsWith('<')
            ? t.Name + "." : "";
        return $"{owner}{name}({string.Join(", ", method.GetParameters().Select(p => p.ParameterType.Name))})";
    }

    private static string LocalName(string methodName, string typeName)
    {
        var match = CompilerName().Match(methodName.StartsWith("MoveNext", StringComparison.Ordinal) ? typeName : methodName);
        return match.Success ? match.Groups[1].Value : methodName;
    }

    private static int? LineOf(string message) =>
        PositionPrefix().Match(message) is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"^cell(\d+)\.csx$")]
    private static partial Regex CellFile();

    [GeneratedRegex(@"^<(?:<[^>]*>g__)?([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex CompilerName();

    [GeneratedRegex(@"^\((\d+),")]
    private static partial Regex PositionPrefix();
}
