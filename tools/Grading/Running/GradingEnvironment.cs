namespace Course.Grading.Running;

/// <summary>Where grading looks and how strict it is, from the environment a test run starts in.</summary>
public static class GradingEnvironment
{
    /// <summary>The variable naming the folder to grade (default: exercises/ of the repository).</summary>
    public const string FolderVariable = "COURSE_EXERCISES_DIR";

    /// <summary>The variable that, set to 1, turns "not attempted" into a failure (for GitHub Classroom and CI).</summary>
    public const string StrictVariable = "COURSE_STRICT";

    /// <summary>The repository root: the nearest folder above <paramref name="start"/> (default: the program's folder) holding Course.sln.</summary>
    public static string RepositoryRoot(string? start = null) => start is null ? global::RepositoryRoot.Path : global::RepositoryRoot.Find(start);

    /// <summary>The folder to grade: $COURSE_EXERCISES_DIR (relative to the repository root) or exercises/.</summary>
    public static string ExercisesFolder()
    {
        var root = RepositoryRoot();
        var configured = Environment.GetEnvironmentVariable(FolderVariable);
        var folder = string.IsNullOrWhiteSpace(configured) ? Path.Combine(root, "exercises") : Path.Combine(root, configured);
        return Path.GetFullPath(folder);
    }

    /// <summary>True when $COURSE_STRICT is 1 (or true).</summary>
    public static bool Strict =>
        Environment.GetEnvironmentVariable(StrictVariable)?.Trim() is "1" or "true" or "TRUE" or "True";
}
