using Course.NotebookEngine.Rendering;
using Course.NotebookEngine.Running;
using static Course.Cli.Tests.Fixtures;

namespace Course.Cli.Tests;

/// <summary>The site of <c>course run notebooks --html site</c>: every link works, lessons lead to their exercises and back.</summary>
public sealed class SiteTests
{
    private static readonly string[] Lessons = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "notebooks"), "*.ipynb")
        .Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToArray()!;

    [Fact]
    public async Task The_lessons_site_has_no_dead_link()
    {
        var site = await LessonsSiteAsync();

        Assert.Empty(SiteCrawler.DeadLinks(site));
    }

    [Fact]
    public async Task Each_lesson_links_to_its_exercise_page_and_the_next_lesson_page_never_to_a_notebook_file()
    {
        var site = await LessonsSiteAsync();

        Assert.NotEmpty(Lessons);
        for (var i = 0; i < Lessons.Length; i++)
        {
            var links = SiteCrawler.LinksOf(Path.Combine(site, Lessons[i] + ".html"));
            Assert.Contains($"exercises/{Lessons[i]}.html", links);
            if (i + 1 < Lessons.Length) Assert.Contains($"{Lessons[i + 1]}.html", links);
            Assert.DoesNotContain(links, link => link.Split('#')[0].EndsWith(".ipynb", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Exercise_pages_are_shown_unrun_with_a_link_to_their_notebook_and_back_to_the_lesson()
    {
        var site = await LessonsSiteAsync();

        foreach (var lesson in Lessons)
        {
            var page = Path.Combine(site, "exercises", lesson + ".html");
            Assert.True(File.Exists(page), $"no exercise page for {lesson}");
            var links = SiteCrawler.LinksOf(page);
            Assert.Contains($"../{lesson}.html", links);
            Assert.Contains(links, link => SiteCrawler.Target(page, link) == Path.Combine(RepositoryRoot.Path, "exercises", lesson + ".ipynb"));
            Assert.Contains("Shown as stored, not run", File.ReadAllText(page));
        }
        var index = File.ReadAllText(Path.Combine(site, "index.html"));
        Assert.All(Lessons, lesson => Assert.Contains($"href=\"exercises/{lesson}.html\"", index));
    }

    [Fact]
    public async Task Every_page_links_back_to_the_index_and_the_last_lesson_to_the_readme()
    {
        var site = await LessonsSiteAsync();

        foreach (var page in Directory.GetFiles(site, "*.html", SearchOption.AllDirectories).Where(p => Path.GetFileName(p) != "index.html"))
            Assert.Contains(SiteCrawler.LinksOf(page), link => SiteCrawler.Target(page, link) == Path.Combine(site, "index.html"));
        var last = Path.Combine(site, Lessons[^1] + ".html");
        Assert.Contains(SiteCrawler.LinksOf(last), link => SiteCrawler.Target(last, link) == Path.Combine(RepositoryRoot.Path, "README.md"));
    }

    [Fact]
    public async Task A_folder_site_maps_links_to_pages_files_on_disk_or_reports_them()
    {
        var root = NewTempFolder();
        var lessons = Path.Combine(root, "course", "lessons");
        WriteNotebook(Path.Combine(lessons, "a.ipynb"),
            Markdown("# Lesson A\n[B's failing cell](b.ipynb#cell-4) · [practice](../practice/a.ipynb) · [far](../../far.ipynb) · [guide](../guide.md#setup) · [gone](missing.ipynb) · [web](https://example.org)"),
            Code("var x = 1;"));
        WriteNotebook(Path.Combine(lessons, "b.ipynb"), Markdown("# Lesson B"), Code("var y = 2;"), Markdown("text"), Code("var z = 3;"));
        WriteNotebook(Path.Combine(root, "course", "practice", "a.ipynb"), Markdown("# Practice A\n[lesson](../lessons/a.ipynb)"), Code("var p = 1;"));
        WriteNotebook(Path.Combine(root, "far.ipynb"), Markdown("# Far"));
        File.WriteAllText(Path.Combine(root, "course", "guide.md"), "# Guide\n");
        var site = Path.Combine(root, "course", "site");
        var console = new StringWriter();

        var exit = await Runner.RunAsync(new RunCommand(lessons, null, site, TimeSpan.FromSeconds(60), PlotlyMode.Cdn), NothingRuns, console);

        Assert.Equal(0, exit);
        var a = Path.Combine(site, "a.html");
        Assert.Equal(["index.html", "b.html", "b.html#cell-4", "practice/a.html", "../../far.ipynb", "../guide.md#setup", "missing.ipynb", "https://example.org", "index.html", "b.html"],
            OtherThanCellNumbers(SiteCrawler.LinksOf(a)));
        Assert.Equal(["../index.html", "../a.html", "../../practice/a.ipynb", "../a.html", "../index.html", "../a.html"], OtherThanCellNumbers(SiteCrawler.LinksOf(Path.Combine(site, "practice", "a.html"))));
        Assert.Equal(["a.html → missing.ipynb: " + Path.Combine(site, "missing.ipynb") + " does not exist"], SiteCrawler.DeadLinks(site));
        Assert.Contains("warning: notebook a.ipynb, cell 1: the link 'missing.ipynb' leads to nothing that exists; the page keeps it as written", console.ToString());
        Assert.Contains("linked notebooks shown without running: ", console.ToString());
        Assert.False(File.Exists(Path.Combine(site, "far.html")) || File.Exists(Path.Combine(root, "far.html")));
    }

    // Every cell's number links to the cell itself (#cell-3).
    private static IEnumerable<string> OtherThanCellNumbers(IEnumerable<string> links) =>
        links.Where(link => !link.StartsWith("#cell-", StringComparison.Ordinal));

    private static readonly Lazy<Task<string>> Lessons_Site = new(async () =>
    {
        var site = Path.Combine(NewTempFolder(), "site");
        var console = new StringWriter();
        var exit = await Runner.RunAsync(new RunCommand(Path.Combine(RepositoryRoot.Path, "notebooks"), null, site, TimeSpan.FromSeconds(60), PlotlyMode.Cdn), NothingRuns, console);
        Assert.True(exit == 0, console.ToString());
        Assert.DoesNotContain("warning:", console.ToString());
        return site;
    });

    // The lessons' pages without running them: links do not depend on outputs (the CLI's own run writes the same pages with outputs).
    private static Task<string> LessonsSiteAsync() => Lessons_Site.Value;
}
