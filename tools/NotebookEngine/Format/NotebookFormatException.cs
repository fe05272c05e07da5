namespace Course.NotebookEngine.Format;

/// <summary>A notebook file that cannot be read: the message names the file and, for JSON errors, the position.</summary>
public sealed class NotebookFormatException(string message, Exception? inner = null) : Exception(message, inner);
