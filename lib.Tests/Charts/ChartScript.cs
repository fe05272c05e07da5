using System.Reflection;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace Backprop.Tests.Charts;

/// <summary>
/// Compiles lib/Charts/Charts.csx the way a notebook's setup cell does (<c>#load</c> into a C# script with
/// the Plotly packages referenced) once per test run, and calls its helpers with plain .NET data.
/// </summary>
internal static class ChartScript
{
    static readonly Lazy<Type> charts = new(Compile);

    /// <summary>The script's <c>Charts</c> class.</summary>
    public static Type Charts => charts.Value;

    public static string ScriptPath => Path.Combine(RepositoryRoot.Path, "lib", "Charts", "Charts.csx");

    /// <summary>Calls a helper; an exception it throws comes out unwrapped, as a notebook would see it.</summary>
    public static Plotly.NET.GenericChart Call(string helper, params object?[] arguments)
    {
        var method = Charts.GetMethod(helper, BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException($"Charts.csx has no public static {helper}.");
        var parameters = method.GetParameters();
        // Optional parameters left out by the caller take their declared defaults, as in C#.
        var full = parameters.Select((p, i) => i < arguments.Length ? arguments[i] : p.DefaultValue).ToArray();
        try
        {
            return (Plotly.NET.GenericChart)method.Invoke(null, full)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    /// <summary>The chart as plotly.js JSON: <c>{ "data": [...], "layout": {...}, "config": {...} }</c>.</summary>
    public static JsonElement Json(Plotly.NET.GenericChart chart) =>
        JsonDocument.Parse(Plotly.NET.GenericChart.toJson(chart)).RootElement.Clone();

    public static ScriptOptions Options() =>
        ScriptOptions.Default
            .WithLanguageVersion(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest)
            .WithFilePath(Path.Combine(RepositoryRoot.Path, "notebooks", "setup.csx"))
            .WithSourceResolver(ScriptSourceResolver.Default.WithBaseDirectory(Path.Combine(RepositoryRoot.Path, "notebooks")))
            .WithReferences(
                typeof(Plotly.NET.CSharp.Chart).Assembly,
                typeof(Plotly.NET.GenericChart).Assembly,
                typeof(Microsoft.FSharp.Core.FSharpOption<>).Assembly,
                typeof(DynamicObj.DynamicObj).Assembly,
                Assembly.Load("netstandard"))
            .WithImports("System", "System.Text", "System.Collections", "System.Collections.Generic",
                "System.Threading.Tasks", "System.Linq");

    static Type Compile()
    {
        // The same relative #load a notebook in notebooks/ writes.
        var script = CSharpScript.Create<Type>("#load \"../lib/Charts/Charts.csx\"\ntypeof(Charts)", Options());
        var errors = script.Compile().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
            throw new InvalidOperationException("Charts.csx does not compile:\n" + string.Join("\n", errors));
        return script.RunAsync().GetAwaiter().GetResult().ReturnValue;
    }
}
