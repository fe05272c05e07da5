namespace Backprop.Formatting;

/// <summary>
/// The formatter source named by <see cref="TypeFormatterSourceAttribute"/>: the notebook kernel calls
/// <see cref="CreateTypeFormatters"/> and uses the returned objects by their member names.
/// </summary>
internal sealed class HtmlFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters() => [new HtmlFormatter()];

    /// <summary>Shaped like .NET Interactive's ITypeFormatter: MimeType, Type, Format.</summary>
    internal sealed class HtmlFormatter
    {
        public string MimeType => "text/html";

        public Type Type => typeof(IHtmlFormattable);

        public bool Format(object instance, TextWriter writer)
        {
            if (instance is not IHtmlFormattable formattable) return false;
            writer.Write(formattable.ToHtml());
            return true;
        }
    }
}
