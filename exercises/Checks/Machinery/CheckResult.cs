using System.Net;
using Backprop.Formatting;

namespace Backprop.Checks;

/// <summary>
/// What a check found for one exercise. Check cells show it (✅ / ❌ / ⏳); the grader receives the same object,
/// read from the kernel and serialised by its worker process (never as printed text a cell could forge), so inline
/// feedback and <c>dotnet test</c> never disagree.
/// </summary>
/// <param name="Exercise">The exercise id, e.g. "3.1".</param>
/// <param name="Title">The exercise title, e.g. "LeakyReLU layer".</param>
/// <param name="Status">Passed, failed or not attempted.</param>
/// <param name="What">For a failure: the stage and quantity that was wrong, e.g. "values of Backward(dout)".</param>
/// <param name="Expected">For a failure: the expected value, as text.</param>
/// <param name="Got">For a failure: the learner's value, as text.</param>
/// <param name="Hint">For a failure: the likely mistake; for not attempted: where to write.</param>
[TypeFormatterSource(typeof(HtmlFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed record CheckResult(
    string Exercise, string Title, CheckStatus Status, string? What = null, string? Expected = null, string? Got = null, string? Hint = null)
    : IHtmlFormattable
{
    /// <summary>True when every check passed.</summary>
    public bool Passed => Status == CheckStatus.Passed;

    /// <summary>The part after the exercise name: "all checks passed …", "expected … got … — hint: …" or "not attempted …".</summary>
    public string Message => Status switch
    {
        CheckStatus.Passed => "all checks passed",
        CheckStatus.NotAttempted => $"not attempted{(Hint is null ? "" : $" — {Hint}")}",
        _ => $"{What}: expected {Expected}, got {Got}{(Hint is null ? "" : $" — hint: {Hint}")}",
    };

    /// <summary>"✅ EXERCISE 3.1 LeakyReLU layer — …", one line, as a check cell prints it.</summary>
    public override string ToString() => $"{Symbol} EXERCISE {Exercise} {Title} — {Message}";

    /// <inheritdoc />
    public string ToHtml()
    {
        var color = Status switch { CheckStatus.Passed => "#1a7f37", CheckStatus.Failed => "#cf222e", _ => "#9a6700" };
        return $"<div style=\"font-family:sans-serif;color:{color}\">{WebUtility.HtmlEncode(ToString())}</div>";
    }

    private string Symbol => Status switch { CheckStatus.Passed => "✅", CheckStatus.Failed => "❌", _ => "⏳" };
}
