/// <summary>
/// The course repository: the nearest folder holding Course.sln, at or above a starting folder. One source file, linked
/// into the grader (which finds exercises/ and TestResults/ by it) and into every test project that does not see the
/// grader's internals, so that the rule is written once. In the global namespace so that every project that links it
/// writes <c>RepositoryRoot.Path</c> without a using.
/// </summary>
internal static class RepositoryRoot
{
    private static string? _path;

    /// <summary>The repository above the running program's folder, found once per process (found lazily, so that a
    /// program outside the repository gets <see cref="Find"/>'s error itself, not a type initializer's).</summary>
    public static string Path => _path ??= Find(AppContext.BaseDirectory);

    /// <summary>The nearest folder at or above <paramref name="start"/> that holds Course.sln.</summary>
    /// <exception cref="DirectoryNotFoundException">There is none: the program runs outside the course repository.</exception>
    public static string Find(string start)
    {
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "Course.sln"))) return folder.FullName;
        throw new DirectoryNotFoundException($"no Course.sln in {start} or any folder above it: run this from inside the course repository");
    }
}
