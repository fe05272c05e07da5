using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Course.Notebooks.Directives;

/// <summary>
/// Resolves <c>#r "nuget: …"</c>. The course's packages are carried by the worker (their dlls sit in its
/// folder), so MathNet.Numerics and the Plotly.NET family need no restore; Plotly.NET 5.x, Plotly.NET.CSharp
/// 0.13.x and Plotly.NET.Interactive 5.x (what the notebooks name for VS Code) map to the carried Plotly.NET
/// 6.0.0 / Plotly.NET.CSharp 0.14.0, with a note in the cell's output. Any other package is restored for
/// real with a generated project. Asking for a package again at another version is an error, as in the real kernel.
/// </summary>
public sealed class PackageResolver(string carriedFolder)
{
    private static readonly string[] PlotlyDlls = ["Plotly.NET.dll", "FSharp.Core.dll", "DynamicObj.dll", "Giraffe.ViewEngine.dll", "Fable.Core.dll"];

    private readonly Dictionary<string, string?> _added = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _notesGiven = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The dlls a request adds, and a note to show (or null). Throws <see cref="PackageException"/>.</summary>
    public (IReadOnlyList<string> Dlls, string? Note) Resolve(PackageRequest request)
    {
        if (_added.TryGetValue(request.Id, out var previous))
        {
            if (request.Version is not null && request.Version is not ("*" or "*-*")
                && !string.Equals(previous, request.Version, StringComparison.OrdinalIgnoreCase))
                throw new PackageException($"{request.Id} version {request.Version} cannot be added because version {previous} was added previously.");
        }
        var (dlls, note) = Carried(request) ?? (Restore(request), null);
        _added.TryAdd(request.Id, request.Version ?? "*");
        if (note is not null && !_notesGiven.Add(request.Id)) note = null;
        return (dlls, note);
    }

    private (IReadOnlyList<string>, string?)? Carried(PackageRequest request)
    {
        var major = request.Version?.Split('.')[0];
        var minor = request.Version?.Split('.').ElementAtOrDefault(1);
        string[]? dlls; string? note;
        switch (request.Id.ToLowerInvariant())
        {
            case "mathnet.numerics" when major is null or "5":
                dlls = ["MathNet.Numerics.dll"];
                note = request.Version is null or "5.0.0" ? null : $"engine: MathNet.Numerics {request.Version} → carried MathNet.Numerics 5.0.0";
                break;
            case "plotly.net" when major is null or "5" or "6":
                dlls = PlotlyDlls;
                note = request.Version is null or "6.0.0" ? null : $"engine: Plotly.NET {request.Version} → carried Plotly.NET 6.0.0 (same API)";
                break;
            case "plotly.net.csharp" when major is null || (major == "0" && minor is "13" or "14"):
                dlls = [.. PlotlyDlls, "Plotly.NET.CSharp.dll"];
                note = request.Version is null or "0.14.0" ? null : $"engine: Plotly.NET.CSharp {request.Version} → carried Plotly.NET.CSharp 0.14.0 (same API)";
                break;
            case "plotly.net.interactive" when major is null or "5":
                dlls = PlotlyDlls;
                note = $"engine: Plotly.NET.Interactive {request.Version ?? "(latest)"} → built-in chart formatter (Plotly.NET 6.0.0)";
                break;
            default:
                return null;
        }
        var paths = dlls.Select(d => Path.Combine(carriedFolder, d)).ToList();
        var missing = paths.FirstOrDefault(p => !File.Exists(p));
        if (missing is not null)
            throw new PackageException($"{request.Id} should be carried by the engine but {missing} is missing; rebuild tools/Notebooks.Worker");
        return (paths, note);
    }

    private static IReadOnlyList<string> Restore(PackageRequest request)
    {
        var version = request.Version ?? "*";
        var folder = Path.Combine(Path.GetTempPath(), "course-nuget", $"{request.Id}-{version.Replace('*', 'x')}".ToLowerInvariant());
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "restore.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup>
              <ItemGroup><PackageReference Include="{request.Id}" Version="{version}" /></ItemGroup>
            </Project>
            """);
        var start = new ProcessStartInfo(DotnetHost.Path, ["restore", "--nologo", "-v", "q"])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new PackageException($"NuGet package '{request}': could not start dotnet restore");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new PackageException($"NuGet package '{request}': dotnet restore took longer than 3 minutes");
        }
        if (process.ExitCode != 0)
        {
            var why = string.Join(" ", (output.Result + error.Result).Split('\n')
                .Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Select(l => l.Trim()).Distinct().Take(3));
            throw new PackageException($"NuGet package '{request}' could not be restored: {(why.Length > 0 ? why : $"dotnet restore exited with {process.ExitCode}")}");
        }
        return RuntimeDlls(Path.Combine(folder, "obj", "project.assets.json"), request);
    }

    private static List<string> RuntimeDlls(string assetsPath, PackageRequest request)
    {
        var assets = JsonNode.Parse(File.ReadAllText(assetsPath))!;
        var packageFolders = (assets["packageFolders"] as JsonObject)?.Select(p => p.Key).ToList() ?? [];
        var target = (assets["targets"] as JsonObject)?.FirstOrDefault().Value as JsonObject
            ?? throw new PackageException($"NuGet package '{request}': {assetsPath} has no targets");
        var dlls = new List<string>();
        foreach (var (library, info) in target)
        {
            if (info?["type"]?.GetValue<string>() != "package" || info["runtime"] is not JsonObject runtime) continue;
            var libraryFolder = library.ToLowerInvariant();
            foreach (var (file, _) in runtime)
            {
                if (file.EndsWith("_._", StringComparison.Ordinal)) continue;
                var path = packageFolders.Select(f => Path.Combine(f, libraryFolder, file)).FirstOrDefault(File.Exists);
                if (path is not null) dlls.Add(path);
            }
        }
        return dlls;
    }
}
