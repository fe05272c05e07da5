using System.Diagnostics;

namespace Course.NotebookEngine.Tests.Rendering;

/// <summary>Loads a page in headless Chromium with host resolution switched off, so a page that needs the network fails.</summary>
internal static class HeadlessChromium
{
    public static async Task<string> DumpDomAsync(string pagePath, string profile)
    {
        var chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
        if (chromium is null)
        {
            const string missing = "chromium is not installed: run `apt-get update && apt-get install -y chromium` (.ci/install-prerequisites does)";
            // A learner's machine may lack it: skip there, but CI (CI=true) must really draw the page.
            if (!string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)) Assert.Skip(missing);
            throw new InvalidOperationException(missing);
        }
        var start = new ProcessStartInfo(chromium,
            ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND", $"--user-data-dir={profile}", "--virtual-time-budget=10000",
             "--dump-dom", new Uri(pagePath).AbsoluteUri])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        _ = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(90));
        try { await process.WaitForExitAsync(limit.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("headless chromium did not finish within 90 s");
        }
        return await stdout;
    }
}
