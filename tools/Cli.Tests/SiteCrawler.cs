using System.Net;
using System.Text.RegularExpressions;

namespace Course.Cli.Tests;

/// <summary>Follows every link and image of every page of a generated site, as a browser opening the files would.</summary>
internal static partial class SiteCrawler
{
    /// <summary>The &lt;a href&gt; and &lt;img src&gt; of a page, outside its scripts and styles, HTML-decoded.</summary>
    public static IReadOnlyList<string> LinksOf(string page)
    {
        var html = ScriptsAndStyles().Replace(File.ReadAllText(page), "");
        return Reference().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups["url"].Value)).ToList();
    }

    /// <summary>"page → href: why" for each link of the site that leads nowhere (a missing file, or a missing #id on a page).</summary>
    public static List<string> DeadLinks(string site)
    {
        var dead = new List<string>();
        foreach (var page in Directory.GetFiles(site, "*.html", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(site, page).Replace('\\', '/');
            foreach (var href in LinksOf(page))
                if (Problem(page, href) is { } problem) dead.Add($"{name} → {href}: {problem}");
        }
        return dead;
    }

    /// <summary>The file a relative link of <paramref name="page"/> opens, or null for an address with a scheme.</summary>
    public static string? Target(string page, string href)
    {
        if (Scheme().IsMatch(href)) return null;
        var path = href.Split('#')[0].Split('?')[0];
        return path.Length == 0 ? page : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, Uri.UnescapeDataString(path)));
    }

    private static string? Problem(string page, string href)
    {
        if (href.Length == 0) return "an empty address";
        if (Scheme().IsMatch(href))
            return href.StartsWith("https://", StringComparison.Ordinal) || href.StartsWith("http://", StringComparison.Ordinal)
                || href.StartsWith("data:", StringComparison.Ordinal) || href.StartsWith("mailto:", StringComparison.Ordinal)
                ? null : "an address with a scheme a browser does not open from a file";
        if (href.StartsWith('/')) return "an absolute path, which depends on where the site is opened";
        var target = Target(page, href)!;
        if (!File.Exists(target) && !Directory.Exists(target)) return $"{target} does not exist";
        var fragment = href.Contains('#') ? Uri.UnescapeDataString(href[(href.IndexOf('#') + 1)..]) : "";
        if (fragment.Length == 0 || !target.EndsWith(".html", StringComparison.OrdinalIgnoreCase)) return null;
        var ids = Id().Matches(File.ReadAllText(target)).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value));
        return ids.Contains(fragment) ? null : $"{Path.GetFileName(target)} has no element with id '{fragment}'";
    }

    [GeneratedRegex(@"<script\b.*?</script>|<style\b.*?</style>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ScriptsAndStyles();

    [GeneratedRegex(@"<(?:a|img)\b[^>]*?\s(?:href|src)=""(?<url>[^""]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex Reference();

    [GeneratedRegex(@"\sid=""([^""]*)""")]
    private static partial Regex Id();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex Scheme();
}
