/// <summary>
/// The course repository a test runs in: the nearest folder above the test assembly that holds Course.sln.
/// One source file, linked into every test project (each .csproj names it), so that the rule is written once.
/// In the global namespace so that every project that links it writes <c>RepositoryRoot.Path</c> without a using.
/// </summary>
internal static class RepositoryRoot
{
    /// <summary>The repository's root folder, found once per test run.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "Course.sln"))) return folder.FullName;
        throw new DirectoryNotFoundException(
            $"No Course.sln in {AppContext.BaseDirectory} or any folder above it: the tests must run from a build inside the course repository.");
    }
}
