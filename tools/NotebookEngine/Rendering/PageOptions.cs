namespace Course.NotebookEngine.Rendering;

/// <summary>How <see cref="HtmlPage"/> renders a notebook as one page of a site.</summary>
public sealed record PageOptions
{
    /// <summary>Where plotly.js comes from (default: inlined, so the page needs no network).</summary>
    public PlotlyMode Plotly { get; init; } = PlotlyMode.Inline;

    /// <summary>
    /// Maps the target of a link or image in the notebook's markdown, as written (e.g. <c>../exercises/01-x.ipynb#top</c>),
    /// to the address the page uses; null keeps every target as written.
    /// </summary>
    public Func<string, string>? Link { get; init; }

    /// <summary>Links in a bar above the notebook (back to the index, previous, next), in order.</summary>
    public IReadOnlyList<PageLink> Navigation { get; init; } = [];

    /// <summary>A note shown above the first cell, in markdown (its links are used as written).</summary>
    public string? Note { get; init; }
}

/// <summary>A link of a page's navigation bar.</summary>
/// <param name="Text">What the reader sees.</param>
/// <param name="Href">The address, relative to the page.</param>
/// <param name="Rel">The link's relation ("index", "prev", "next"), or null.</param>
public sealed record PageLink(string Text, string Href, string? Rel = null);
