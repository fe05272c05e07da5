using System.Text.RegularExpressions;
using Course.NotebookEngine.Format;
using Course.NotebookEngine.Rendering;

namespace Course.Cli;

/// <summary>
/// Where each page of <c>course run … --html</c> goes, and where each link of a notebook leads on the pages.
/// <para>
/// Every notebook that runs gets a page. With a folder of pages, the notebooks their markdown links to (the lessons'
/// "Practise: ../exercises/01-….ipynb") get a page too, shown as stored and not run, at the same place relative to the
/// folder: <c>../exercises/01-x.ipynb</c> from <c>notebooks/</c> becomes <c>site/exercises/01-x.html</c>. A link to a
/// notebook with a page leads to the page (its #fragment kept); a link to any other file that exists (README.md, a
/// notebook too far away to have a page) leads to that file on disk, relative to the page; a link to nothing stays as
/// written and is reported. Links with a scheme (https:, mailto:) and #fragments are kept.
/// </para>
/// </summary>
internal sealed partial class SitePlan
{
    private readonly Dictionary<string, string> _pages = new(PathComparer);
    private readonly Dictionary<string, Notebook> _notebooks = new(PathComparer);
    private readonly Dictionary<string, string> _linkedFrom = new(PathComparer);

    private SitePlan(string? index) => Index = index;

    /// <summary>The full path of index.html, when the pages go to a folder of a folder run; otherwise null.</summary>
    public string? Index { get; }

    /// <summary>The notebooks that are linked to and get a page without being run, in the order they were found.</summary>
    public List<string> Shown { get; } = [];

    /// <summary>The notebooks that run and get a page, in run order (those that could be read).</summary>
    public List<string> Run { get; } = [];

    private static StringComparer PathComparer => OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>Plans the pages of <paramref name="notebooks"/> (full paths) for the --html option.</summary>
    /// <param name="notebooks">The notebooks that run, in order.</param>
    /// <param name="html">The --html option: a page (one notebook) or a folder.</param>
    /// <param name="targetIsFolder">The run's target is a folder (then --html is a folder and gets an index).</param>
    /// <param name="baseFolder">The folder the pages mirror: the target folder, or the notebook's folder.</param>
    public static SitePlan Create(IReadOnlyList<string> notebooks, string html, bool targetIsFolder, string baseFolder)
    {
        var htmlIsFolder = targetIsFolder || Directory.Exists(html);
        var plan = new SitePlan(targetIsFolder ? Path.GetFullPath(Path.Combine(html, "index.html")) : null);
        foreach (var notebook in notebooks.Select(Path.GetFullPath))
        {
            var page = htmlIsFolder
                ? Path.Combine(Path.GetFullPath(html), Path.GetFileNameWithoutExtension(notebook) + ".html")
                : Path.GetFullPath(html);
            if (TryLoad(notebook) is not { } loaded) continue; // the run reports it
            plan._pages[notebook] = page;
            plan._notebooks[notebook] = loaded;
            plan.Run.Add(notebook);
        }
        if (!htmlIsFolder) return plan;

        // Linked notebooks, breadth first, each once: those under the base folder or beside it get a page.
        var root = Path.GetFullPath(html);
        var queue = new Queue<string>(plan.Run);
        while (queue.Count > 0)
        {
            var from = queue.Dequeue();
            if (!plan._notebooks.TryGetValue(from, out var notebook)) continue;
            foreach (var (_, target) in HtmlPage.LinksOf(notebook))
            {
                if (LocalPath(from, target) is not { } linked || plan._pages.ContainsKey(linked)) continue;
                if (!linked.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase) || !File.Exists(linked)) continue;
                if (PageFor(root, baseFolder, linked) is not { } page || plan._pages.ContainsValue(page) || page == plan.Index) continue;
                if (TryLoad(linked) is not { } loaded) continue;
                plan._pages[linked] = page;
                plan._notebooks[linked] = loaded;
                plan._linkedFrom[linked] = from;
                plan.Shown.Add(linked);
                queue.Enqueue(linked);
            }
        }
        return plan;
    }

    /// <summary>The page of a notebook (full path), or null when it has none.</summary>
    public string? PageOf(string notebook) => _pages.GetValueOrDefault(Path.GetFullPath(notebook));

    /// <summary>For a notebook shown without running: the first notebook found linking to it.</summary>
    public string? LinkedFrom(string notebook) => _linkedFrom.GetValueOrDefault(Path.GetFullPath(notebook));

    /// <summary>The notebook as read while planning (for titles and links), or null when it could not be read.</summary>
    public Notebook? NotebookOf(string notebook) => _notebooks.GetValueOrDefault(Path.GetFullPath(notebook));

    /// <summary>
    /// The address that a link written in <paramref name="notebook"/> uses on <paramref name="page"/>, or null when the
    /// link leads nowhere (then the page keeps it as written).
    /// </summary>
    public string? Href(string notebook, string page, string target)
    {
        if (IsExternal(target)) return target;
        var local = LocalPath(Path.GetFullPath(notebook), target);
        if (local is null) return null;
        var suffix = Suffix(target);
        var pageFolder = Path.GetDirectoryName(Path.GetFullPath(page))!;
        if (_pages.TryGetValue(local, out var linkedPage)) return RelativeHref(pageFolder, linkedPage) + suffix;
        if (File.Exists(local)) return RelativeHref(pageFolder, local) + suffix;
        if (Directory.Exists(local)) return RelativeHref(pageFolder, local) + "/" + suffix;
        return null;
    }

    /// <summary>An address relative to <paramref name="fromFolder"/>, with '/' separators and each segment escaped.</summary>
    public static string RelativeHref(string fromFolder, string to) =>
        string.Join('/', Path.GetRelativePath(fromFolder, to).Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)
            .Select(segment => segment is "." or ".." ? segment : Uri.EscapeDataString(segment)));

    /// <summary>A link that needs no mapping: a #fragment, an absolute path or an address with a scheme (https:, mailto:).</summary>
    public static bool IsExternal(string target) =>
        target.StartsWith('#') || target.StartsWith('/') || target.StartsWith('\\') || Scheme().IsMatch(target);

    // The file a relative link of a notebook names, or null for a link that names no file.
    private static string? LocalPath(string notebook, string target)
    {
        if (IsExternal(target)) return null;
        var path = target[..(target.IndexOfAny(['#', '?']) is var cut and >= 0 ? cut : target.Length)];
        if (path.Length == 0) return null;
        try
        {
            return Path.GetFullPath(Path.Combine(Path.GetDirectoryName(notebook)!, Uri.UnescapeDataString(path)));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }
    }

    private static string Suffix(string target) => target.IndexOfAny(['#', '?']) is var cut and >= 0 ? target[cut..] : "";

    // A linked notebook's page mirrors its place relative to the base folder; one level above it (../exercises/x.ipynb
    // from notebooks/) still gets a page (site/exercises/x.html); farther away, none.
    private static string? PageFor(string root, string baseFolder, string notebook)
    {
        var relative = Path.GetRelativePath(baseFolder, notebook);
        var up = ".." + Path.DirectorySeparatorChar;
        if (relative.StartsWith(up, StringComparison.Ordinal)) relative = relative[up.Length..];
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)) return null;
        return Path.Combine(root, Path.ChangeExtension(relative, ".html"));
    }

    private static Notebook? TryLoad(string path)
    {
        try
        {
            return Notebook.Load(path);
        }
        catch (NotebookFormatException)
        {
            return null;
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex Scheme();
}
