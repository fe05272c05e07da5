namespace Course.NotebookEngine.Running;

/// <summary>The dotnet executable: the one running us when we run under dotnet, else DOTNET_HOST_PATH, else "dotnet" on PATH.</summary>
internal static class DotnetHost
{
    public static string Path
    {
        get
        {
            var current = Environment.ProcessPath;
            if (current is not null && System.IO.Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
                return current;
            return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        }
    }
}
