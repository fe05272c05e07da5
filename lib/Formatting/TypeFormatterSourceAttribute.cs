namespace Backprop.Formatting;

/// <summary>
/// Names the class that formats a type for notebook display. Polyglot Notebooks matches this
/// attribute by name, so the library renders as HTML there without referencing .NET Interactive;
/// the course's own engine honours the same convention.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, Inherited = true)]
internal sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    public Type FormatterSourceType { get; } = formatterSourceType;

    public string[] PreferredMimeTypes { get; set; } = [];
}
