using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;

namespace Course.NotebookEngine.Rendering;

/// <summary>
/// plotly.js, taken from the copy Plotly.NET embeds (the worker carries Plotly.NET.dll), so pages draw
/// charts without network and the repository vendors no 3.5 MB script.
/// </summary>
internal static partial class PlotlyScript
{
    /// <summary>The figure mime type Jupyter viewers draw (other kernels write it; .NET Interactive writes text/html).</summary>
    public const string MimeType = "application/vnd.plotly.v1+json";

    private static readonly Lazy<(string Version, string Source)> Embedded = new(Load);

    public static string Version => Embedded.Value.Version;

    public static string Source => Embedded.Value.Source;

    private static (string, string) Load()
    {
        var dll = new[] { AppContext.BaseDirectory, Path.GetDirectoryName(typeof(PlotlyScript).Assembly.Location)! }
            .Select(folder => Path.Combine(folder, "Plotly.NET.dll"))
            .FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException("Plotly.NET.dll (which embeds plotly.js) is not beside the engine; build tools/NotebookEngine.Worker or use --plotly cdn");
        // A throw-away load context: only the resources are read, nothing of Plotly.NET runs.
        var context = new AssemblyLoadContext("plotly.js", isCollectible: true);
        try
        {
            var assembly = context.LoadFromAssemblyPath(dll);
            var name = assembly.GetManifestResourceNames().FirstOrDefault(n => ResourceName().IsMatch(n))
                ?? throw new InvalidOperationException($"{dll} embeds no plotly-*.min.js");
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            return (ResourceName().Match(name).Groups[1].Value, reader.ReadToEnd());
        }
        finally
        {
            context.Unload();
        }
    }

    [GeneratedRegex(@"plotly-(\d+\.\d+\.\d+)\.min\.js$")]
    private static partial Regex ResourceName();
}
