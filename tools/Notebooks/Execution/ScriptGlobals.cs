namespace Course.Notebooks.Execution;

/// <summary>The members every cell sees without a using: the real kernel's <c>display</c> and <c>HTML</c>.</summary>
#pragma warning disable IDE1006 // lower-case names: they are the kernel's names, which notebooks call.
public sealed class ScriptGlobals
{
    /// <summary>Shows <paramref name="value"/> as an output of the running cell, in the given mime types if any.</summary>
    public DisplayedValue display(object? value, params string[] mimeTypes) => NotebookSession.RequireCurrent().Display(value, mimeTypes);

    /// <summary>Marks a string as HTML so that displaying it renders it.</summary>
    public HtmlString HTML(string html) => new(html);
}
#pragma warning restore IDE1006
