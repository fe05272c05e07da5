namespace Course.Notebooks.Execution;

/// <summary>HTML to display as is: what <c>HTML("&lt;b&gt;hi&lt;/b&gt;")</c> returns in a cell.</summary>
public sealed class HtmlString(string html)
{
    /// <summary>The HTML fragment.</summary>
    public string Html { get; } = html;

    /// <summary>The HTML fragment.</summary>
    public override string ToString() => Html;
}
