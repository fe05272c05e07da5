namespace Course.NotebookEngine.Rendering;

/// <summary>How a rendered page gets plotly.js.</summary>
public enum PlotlyMode
{
    /// <summary>The whole library inlined once per page: works offline (the default).</summary>
    Inline,

    /// <summary>One script tag pointing at cdn.plot.ly: small pages, needs the network.</summary>
    Cdn,
}
