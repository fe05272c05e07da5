namespace Course.Notebooks.Directives;

/// <summary>A package that cannot be added: the message names it and says what failed.</summary>
public sealed class PackageException(string message) : Exception(message);
