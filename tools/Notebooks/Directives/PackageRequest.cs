namespace Course.Notebooks.Directives;

/// <summary>A <c>#r "nuget: Id, Version"</c> directive; <see cref="Version"/> is null when the cell names none.</summary>
public sealed record PackageRequest(string Id, string? Version, int Line)
{
    /// <summary>"Id, Version" or "Id" as written in the directive.</summary>
    public override string ToString() => Version is null ? Id : $"{Id}, {Version}";
}
