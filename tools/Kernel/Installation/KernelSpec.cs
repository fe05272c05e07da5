using System.Text.Json;
using System.Text.Json.Nodes;

namespace Course.Kernel.Installation;

/// <summary>Writes the kernelspec (kernel.json) through which Jupyter front ends find and start this kernel.</summary>
public static class KernelSpec
{
    /// <summary>The kernelspec name: what --ExecutePreprocessor.kernel_name and a notebook's metadata.kernelspec.name use.</summary>
    public const string DefaultName = "course-csharp";

    /// <summary>Shown in kernel pickers; distinct from .NET Interactive's ".NET (C#)".</summary>
    public const string DisplayName = "C# (Backprop course engine)";

    /// <summary>The kernel.json content: argv starts <paramref name="dotnetPath"/> with the course tool's dll.</summary>
    public static JsonObject Create(string dotnetPath, string courseDllPath) => new()
    {
        ["argv"] = new JsonArray(dotnetPath, courseDllPath, "kernel", "--connection-file", "{connection_file}"),
        ["display_name"] = DisplayName,
        ["language"] = "C#",
        ["interrupt_mode"] = "message",
        ["metadata"] = new JsonObject { ["debugger"] = false },
    };

    /// <summary>
    /// Writes <c>kernels/&lt;name&gt;/kernel.json</c> under <paramref name="prefix"/>/share/jupyter, or under the user's
    /// Jupyter data folder when <paramref name="prefix"/> is null; returns the kernelspec folder.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not a valid kernelspec name.</exception>
    public static string Install(string? prefix, string dotnetPath, string courseDllPath, string name = DefaultName)
    {
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            throw new ArgumentException($"kernel name '{name}' may only contain ASCII letters, digits, '.', '_' and '-'", nameof(name));
        var kernels = prefix is null
            ? Path.Combine(UserDataFolder(), "kernels")
            : Path.Combine(Path.GetFullPath(prefix), "share", "jupyter", "kernels");
        var folder = Path.Combine(kernels, name.ToLowerInvariant());
        Directory.CreateDirectory(folder);
        var json = Create(dotnetPath, Path.GetFullPath(courseDllPath)).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        File.WriteAllText(Path.Combine(folder, "kernel.json"), json + "\n");
        return folder;
    }

    /// <summary>Jupyter's per-user data folder: JUPYTER_DATA_DIR, else the platform's default (as jupyter_core computes it).</summary>
    public static string UserDataFolder()
    {
        if (Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR") is { Length: > 0 } configured) return Path.GetFullPath(configured);
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (OperatingSystem.IsWindows()) return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "jupyter");
        if (OperatingSystem.IsMacOS()) return Path.Combine(home, "Library", "Jupyter");
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        return Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(home, ".local", "share") : xdg, "jupyter");
    }

    /// <summary>The absolute path of the dotnet executable: the one running us, else DOTNET_HOST_PATH, DOTNET_ROOT or PATH.</summary>
    /// <exception cref="FileNotFoundException">No dotnet executable was found.</exception>
    public static string DotnetPath()
    {
        var exe = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.ProcessPath is { } current && Path.GetFileName(current).Equals(exe, StringComparison.OrdinalIgnoreCase)) return current;
        IEnumerable<string?> candidates =
        [
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH"),
            Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root ? Path.Combine(root, exe) : null,
            .. (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, exe)),
        ];
        return candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && Path.IsPathRooted(c) && File.Exists(c))
            ?? throw new FileNotFoundException($"cannot find {exe}: run this command with dotnet, or put dotnet on PATH");
    }
}
