using System.Globalization;
using Course.NotebookEngine.Rendering;

namespace Course.Cli;

/// <summary>The arguments of <c>course run</c>, parsed by hand (four options do not need a package).</summary>
internal sealed record RunCommand(string Target, string? Out, string? Html, TimeSpan Timeout, PlotlyMode Plotly)
{
    public const string Usage = """
        usage: course run <notebook.ipynb | folder> [--out executed.ipynb | folder] [--html page.html | folder]
                          [--timeout seconds] [--plotly inline|cdn]
          A folder runs every *.ipynb in it, in name order. Exit code 0 only if every cell succeeded.
        """;

    public static RunCommand Parse(IReadOnlyList<string> args)
    {
        string? target = null, output = null, html = null;
        var timeout = TimeSpan.FromSeconds(60);
        var plotly = PlotlyMode.Inline;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--out": output = Value(args, ref i); break;
                case "--html": html = Value(args, ref i); break;
                case "--timeout":
                    var text = Value(args, ref i);
                    if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
                        throw new UsageException($"--timeout needs a positive number of seconds, not '{text}'");
                    timeout = TimeSpan.FromSeconds(seconds);
                    break;
                case "--plotly":
                    plotly = Value(args, ref i) switch
                    {
                        "inline" => PlotlyMode.Inline,
                        "cdn" => PlotlyMode.Cdn,
                        var other => throw new UsageException($"--plotly is 'inline' or 'cdn', not '{other}'"),
                    };
                    break;
                case var option when option.StartsWith("--", StringComparison.Ordinal):
                    throw new UsageException($"unknown option {option}");
                default:
                    if (target is not null) throw new UsageException($"one notebook or folder, not both '{target}' and '{args[i]}'");
                    target = args[i];
                    break;
            }
        }
        return new RunCommand(target ?? throw new UsageException("which notebook or folder?"), output, html, timeout, plotly);
    }

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count ? args[i] : throw new UsageException($"{args[i - 1]} needs a value");
}
