using System.Text.Json.Nodes;
using Course.Kernel.Installation;

namespace Course.Kernel.Tests.Installation;

public sealed class KernelSpecTests : IDisposable
{
    private readonly string _prefix = Path.Combine(Path.GetTempPath(), $"kernelspec-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_prefix)) Directory.Delete(_prefix, recursive: true);
    }

    [Fact]
    public void Install_with_a_prefix_writes_kernel_json_that_starts_dotnet_with_the_course_tool()
    {
        var dotnet = KernelSpec.DotnetPath();

        var folder = KernelSpec.Install(_prefix, dotnet, "tools/course.dll");

        Assert.Equal(Path.Combine(_prefix, "share", "jupyter", "kernels", "course-csharp"), folder);
        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "kernel.json")))!.AsObject();
        var argv = spec["argv"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();
        Assert.Equal([dotnet, Path.GetFullPath("tools/course.dll"), "kernel", "--connection-file", "{connection_file}"], argv);
        Assert.True(Path.IsPathRooted(argv[0]) && File.Exists(argv[0]), $"dotnet path {argv[0]} is not an existing absolute path");
        Assert.Equal("C#", spec["language"]!.GetValue<string>());
        Assert.Equal("message", spec["interrupt_mode"]!.GetValue<string>());
        Assert.NotEqual(".NET (C#)", spec["display_name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("")]
    [InlineData("with space")]
    [InlineData("../escape")]
    public void A_name_jupyter_would_not_accept_is_refused(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => KernelSpec.Install(_prefix, "/usr/bin/dotnet", "course.dll", name));
        Assert.Contains($"kernel name '{name}'", error.Message);
        Assert.False(Directory.Exists(_prefix));
    }
}
