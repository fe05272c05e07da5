using Course.Notebooks.Execution;

// In namespace System, as in the real kernel, so that every cell (and every #load'ed file) sees them.
namespace System;

/// <summary><c>value.Display()</c> and <c>value.DisplayAs("text/html")</c> in notebook cells.</summary>
public static class NotebookDisplayExtensions
{
    /// <summary>Shows the value as an output of the running cell.</summary>
    public static DisplayedValue Display(this object? value, params string[] mimeTypes) =>
        NotebookSession.RequireCurrent().Display(value, mimeTypes);

    /// <summary>Shows a string as the given mime type (e.g. "text/html", "text/markdown").</summary>
    public static DisplayedValue DisplayAs(this string value, string mimeType) =>
        NotebookSession.RequireCurrent().DisplayRaw(value, mimeType);
}
