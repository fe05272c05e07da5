using System.Text.Json.Nodes;

namespace Course.RealKernel.Tests;

/// <summary>
/// The README's route through VS Code's Jupyter extension, checked against the pinned tool itself: the kernelspec that
/// <c>dotnet interactive jupyter install</c> writes is the one the README picks and every notebook names, and the .NET the
/// README says the tool needs is what the tool's own runtimeconfig asks for.
/// </summary>
public sealed class JupyterRouteTests
{
    /// <summary>The README with every run of white space made one space, so a phrase may wrap anywhere.</summary>
    private static string Readme => System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md")), @"\s+", " ");

    [Fact]
    public void The_tool_registers_the_csharp_kernelspec_that_the_readme_picks_and_every_notebook_names()
    {
        _ = RealKernel.Version; // the manifest's tool, restored
        var target = Directory.CreateTempSubdirectory("course-jupyter-install-");
        try
        {
            var install = ProcessResult.Run(RealKernel.Dotnet(), ["interactive", "jupyter", "install", "--path", target.FullName],
                RepositoryRoot.Path, new Dictionary<string, string> { ["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1" }, TimeSpan.FromMinutes(2));
            Assert.True(install.ExitCode == 0, $"`dotnet interactive jupyter install --path` exited with {install.ExitCode}:\n{install.Stdout}\n{install.Stderr}");
            Assert.Contains("Installed \".NET (C#)\" kernel.", install.Stdout);

            var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(target.FullName, ".net-csharp", "kernel.json")))!;
            Assert.Equal(".NET (C#)", spec["display_name"]!.GetValue<string>());
            string[] argv = ["dotnet", "interactive", "jupyter", "--default-kernel", "csharp", "{connection_file}", "--http-port-range", "2048-3000"];
            Assert.Equal(argv, spec["argv"]!.AsArray().Select(a => a!.GetValue<string>()));

            var readme = Readme;
            Assert.Contains(string.Join(' ', argv), readme);
            Assert.Contains("--ExecutePreprocessor.kernel_name=.net-csharp ", readme);
            Assert.Contains("*Select Kernel → Jupyter Kernel… → .NET (C#)*", readme);
            var notebooks = new[] { "notebooks", "exercises", "solutions" }
                .SelectMany(folder => Directory.GetFiles(Path.Combine(RepositoryRoot.Path, folder), "*.ipynb"));
            var others = notebooks.Where(file => JsonNode.Parse(File.ReadAllText(file))!["metadata"]?["kernelspec"]?["name"]?.GetValue<string>() != ".net-csharp")
                .Select(Path.GetFileName).ToList();
            Assert.True(others.Count == 0, $"these notebooks name another kernelspec than .net-csharp: {string.Join(", ", others)}");
        }
        finally
        {
            target.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_readme_names_the_frameworks_that_the_pinned_tools_runtimeconfig_asks_for()
    {
        var version = RealKernel.Version;
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var config = Assert.Single(Directory.GetFiles(Path.Combine(packages, RealKernel.ToolPackage, version, "tools"),
            "Microsoft.DotNet.Interactive.App.runtimeconfig.json", SearchOption.AllDirectories));
        var frameworks = JsonNode.Parse(File.ReadAllText(config))!["runtimeOptions"]!["frameworks"]!.AsArray()
            .Select(f => $"{f!["name"]!.GetValue<string>()} {f["version"]!.GetValue<string>()}");
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, ".config", "dotnet-tools.json")))!;

        Assert.Contains($"the frameworks {string.Join(" and ", frameworks)}", Readme);
        Assert.False(manifest["tools"]![RealKernel.ToolPackage]!["rollForward"]!.GetValue<bool>());
        Assert.Contains("The manifest's `\"rollForward\": false` keeps .NET's default", Readme);
    }
}
