using System.Globalization;
using System.Net;
using System.Text;
using Backprop.Formatting;

namespace Backprop.Gradients;

/// <summary>
/// The result of a gradient check: one <see cref="GradientCheckEntry"/> per parameter. Shows as an HTML
/// table in a notebook and as an aligned text table from <see cref="ToString"/>.
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class GradientCheckReport(IReadOnlyList<GradientCheckEntry> entries) : IHtmlFormattable
{
    /// <summary>The parameters in the order they were checked.</summary>
    public IReadOnlyList<GradientCheckEntry> Entries { get; } = entries ?? throw new ArgumentNullException(nameof(entries));

    /// <summary>True when every parameter's verdict is <see cref="GradientVerdict.Ok"/>.</summary>
    public bool AllOk => Entries.All(e => e.Verdict == GradientVerdict.Ok);

    /// <summary>The entry named <paramref name="name"/>.</summary>
    public GradientCheckEntry this[string name] =>
        Entries.FirstOrDefault(e => e.Name == name)
        ?? throw new KeyNotFoundException($"The gradient check has no parameter '{name}' (it has {string.Join(", ", Entries.Select(e => e.Name))}).");

    /// <summary>An aligned text table: parameter, shape, mean and max |numerical − backprop|, verdict.</summary>
    public override string ToString()
    {
        string[] header = ["parameter", "shape", "mean |num − bp|", "max |num − bp|", "verdict"];
        var rows = Entries.Select(e => new[] { e.Name, e.Shape, Number(e.MeanAbsoluteDifference), Number(e.MaxAbsoluteDifference), Label(e.Verdict) }).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(c => rows.Select(r => r[c].Length).Append(header[c].Length).Max()).ToArray();
        var sb = new StringBuilder();
        void Line(string[] cells) => sb.AppendLine(string.Join("  ", cells.Select((c, i) => i is 2 or 3 ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd());
        Line(header);
        foreach (var r in rows) Line(r);
        return sb.ToString().TrimEnd();
    }

    /// <summary>An HTML table with the same columns as <see cref="ToString"/>, the verdict coloured.</summary>
    public string ToHtml()
    {
        var sb = new StringBuilder();
        sb.Append("<table class=\"gradient-check\"><thead><tr><th>parameter</th><th>shape</th><th>mean |num − bp|</th><th>max |num − bp|</th><th>verdict</th></tr></thead><tbody>");
        foreach (var e in Entries)
        {
            var colour = e.Verdict switch { GradientVerdict.Ok => "#1a7f37", GradientVerdict.Suspicious => "#9a6700", _ => "#cf222e" };
            sb.Append("<tr><td>").Append(WebUtility.HtmlEncode(e.Name)).Append("</td><td>").Append(e.Shape)
              .Append("</td><td style=\"text-align:right\">").Append(Number(e.MeanAbsoluteDifference))
              .Append("</td><td style=\"text-align:right\">").Append(Number(e.MaxAbsoluteDifference))
              .Append("</td><td style=\"color:").Append(colour).Append("\">").Append(Label(e.Verdict)).Append("</td></tr>");
        }
        sb.Append("</tbody></table>");
        return sb.ToString();
    }

    private static string Number(double v) => v.ToString("0.00e+00", CultureInfo.InvariantCulture);

    private static string Label(GradientVerdict v) => v switch
    {
        GradientVerdict.Ok => "ok",
        GradientVerdict.Suspicious => "suspicious",
        _ => "bug",
    };
}
