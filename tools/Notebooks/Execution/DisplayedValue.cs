namespace Course.Notebooks.Execution;

/// <summary>An output already shown by display(...); <see cref="Update"/> replaces it in place (a live chart, a progress line).</summary>
public sealed class DisplayedValue
{
    private readonly NotebookSession _session;

    internal DisplayedValue(NotebookSession session, string displayId, string[] mimeTypes)
    {
        _session = session;
        DisplayId = displayId;
        MimeTypes = mimeTypes;
    }

    /// <summary>Identifies the output across cells.</summary>
    public string DisplayId { get; }

    internal string[] MimeTypes { get; }

    /// <summary>Formats <paramref name="value"/> and shows it in place of the earlier output.</summary>
    public void Update(object? value) => _session.UpdateDisplay(this, value);
}
