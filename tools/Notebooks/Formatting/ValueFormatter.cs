using System.Collections;
using System.Globalization;
using System.Text.Json.Nodes;
using Course.Notebooks.Execution;

namespace Course.Notebooks.Formatting;

/// <summary>
/// Turns a value into nbformat output data (mime type → content), in this order: strings as text/plain;
/// HTML(...) as text/html; the TypeFormatterSource convention; Plotly.NET charts; MathNet matrices and
/// vectors; sequences as a bracketed list; anything else as ToString() in text/plain and escaped text/html.
/// </summary>
public static class ValueFormatter
{
    private const int MaxItems = 100;

    /// <summary>Formats a value; a non-empty <paramref name="mimeTypes"/> restricts the result to those types where possible.</summary>
    public static Dictionary<string, JsonNode?> Format(object? value, IReadOnlyCollection<string> mimeTypes)
    {
        var all = FormatAll(value, mimeTypes);
        if (mimeTypes.Count == 0) return all;
        var chosen = all.Where(p => mimeTypes.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value);
        if (chosen.Count > 0) return chosen;
        // An explicit mime type nobody produced: the value's text, labelled as asked (display(x, "text/html")).
        return mimeTypes.ToDictionary(m => m, _ => (JsonNode?)JsonValue.Create(PlainText(value)));
    }

    private static Dictionary<string, JsonNode?> FormatAll(object? value, IReadOnlyCollection<string> mimeTypes)
    {
        switch (value)
        {
            case null: return Text("<null>");
            case string s: return Text(s);
            case HtmlString html: return new() { ["text/html"] = html.Html };
        }
        // Charts first: Plotly.NET 6 carries its own TypeFormatterSource, written for .NET Interactive's services.
        if (PlotlyChartFormatter.IsChart(value)) return PlotlyChartFormatter.Format(value);
        if (TypeFormatterSourceConvention.TryFormat(value, mimeTypes) is { } custom)
        {
            var result = custom.ToDictionary(p => p.Key, p => (JsonNode?)JsonValue.Create(p.Value));
            result.TryAdd("text/plain", PlainText(value));
            return result;
        }
        if (MatrixFormatter.IsMatrix(value) || MatrixFormatter.IsVector(value))
            return MatrixFormatter.Format(value).ToDictionary(p => p.Key, p => (JsonNode?)JsonValue.Create(p.Value));
        var plain = PlainText(value);
        return new() { ["text/plain"] = plain, ["text/html"] = $"<pre>{HtmlText.Encode(plain)}</pre>" };
    }

    /// <summary>The text a value shows as: ToString(), or "[a, b, c]" for a sequence, "&lt;null&gt;" for null.</summary>
    public static string PlainText(object? value) => value switch
    {
        null => "<null>",
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.CurrentCulture),
        IEnumerable sequence when !HasOwnToString(value) => Sequence(sequence),
        _ => value.ToString() ?? "",
    };

    private static string Sequence(IEnumerable sequence)
    {
        var items = sequence.Cast<object?>().Take(MaxItems + 1).Select(PlainText).ToList();
        if (items.Count > MaxItems) items[MaxItems] = "…";
        return "[" + string.Join(", ", items) + "]";
    }

    private static bool HasOwnToString(object value) =>
        value.GetType().GetMethod(nameof(ToString), Type.EmptyTypes)?.DeclaringType is { } declaring
        && declaring != typeof(object) && declaring != typeof(ValueType);

    private static Dictionary<string, JsonNode?> Text(string text) => new() { ["text/plain"] = text };
}
