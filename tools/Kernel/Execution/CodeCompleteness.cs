using Course.NotebookEngine.Format;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Course.Kernel.Execution;

/// <summary>is_complete: whether a console front end should run the code or wait for more lines.</summary>
public static class CodeCompleteness
{
    private static readonly CSharpParseOptions Script = new(LanguageVersion.Latest, kind: SourceCodeKind.Script);

    /// <summary>"complete", "incomplete" (an open brace, bracket or statement) or "invalid" (a syntax error).</summary>
    public static string Check(string code)
    {
        var tree = CSharpSyntaxTree.ParseText(CellSource.WithoutSelector(code), Script);
        if (!SyntaxFactory.IsCompleteSubmission(tree)) return "incomplete";
        return tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error) ? "invalid" : "complete";
    }
}
