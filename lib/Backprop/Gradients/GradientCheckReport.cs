using System.Globalization;
using System.Net;
using System.Text;
using Backprop.Formatting;

namespace Backprop.Gradients;

/// <summary>
/// The result of a gradient check: one <see cref="GradientCheckEntry"/> per parameter, judged by its largest relative
/// error (ok below 1e-5, bug from 1e-2; see <see cref="GradientCheck"/>). Shows as an HTML table in a notebook and as an
/// aligned text table from <see cref="ToString"/>.
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

    /// <summary>
    /// An aligned text table: parameter, shape, largest relative error, elements off (relative error ≥ 1e-5), mean
    /// |numerical − backprop| (the book's measure, shown not judged), verdict.
    /// </summary>
    public override string ToString()
    {
        var rows = Entries.Select(Cells).ToList();
        var widths = Enumerable.Range(0, Header.Length).Select(c => rows.Select(r => r[c].Length).Append(Header[c].Length).Max()).ToArray();
        var sb = new StringBuilder();
        void Line(string[] cells) => sb.AppendLine(string.Join("  ", cells.Select((c, i) => i is 2 or 3 or 4 ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd());
        Line(Header);
        foreach (var r in rows) Line(r);
        return sb.ToString().TrimEnd();
    }

    /// <summary>An HTML table with the same columns as <see cref="ToString"/>, the verdict coloured.</summary>
    public string ToHtml()
    {
        var sb = new StringBuilder();
        sb.Append("<table class=\"gradient-check\"><thead><tr>");
        foreach (var h in Header) sb.Append("<th>").Append(WebUtility.HtmlEncode(h)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var e in Entries)
        {
            var cells = Cells(e);
            var colour = e.Verdict switch { GradientVerdict.Ok => "#1a7f37", GradientVerdict.Suspicious => "#9a6700", _ => "#cf222e" };
            sb.Append("<tr>");
            for (var i = 0; i < cells.Length; i++)
            {
                var style = i is 2 or 3 or 4 ? " style=\"text-align:right\"" : i == cells.Length - 1 ? $" style=\"color:{colour}\"" : "";
                sb.Append("<td").Append(style).Append('>').Append(WebUtility.HtmlEncode(cells[i])).Append("</td>");
            }
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");
        return sb.ToString();
    }

    private static readonly string[] Header = ["parameter", "shape", "relative error", "entries off", "mean |num − bp|", "verdict"];

    private static string[] Cells(GradientCheckEntry e) =>
        [e.Name, e.Shape, Number(e.RelativeError), $"{e.EntriesOff} of {e.Count}", Number(e.MeanAbsoluteDifference), Label(e.Verdict)];

    private static string Number(double v) => v.ToString("0.00e+00", CultureInfo.InvariantCulture);

    private static string Label(GradientVerdict v) => v switch
    {
        GradientVerdict.Ok => "ok",
        GradientVerdict.Suspicious => "suspicious (a kink, or a bug)",
        _ => "bug",
    };
}
