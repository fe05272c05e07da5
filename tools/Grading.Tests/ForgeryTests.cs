using Course.Grading.Catalogue;
using Course.Grading.Running;
using Course.NotebookEngine.Running;

namespace Course.Grading.Tests;

/// <summary>
/// A learner's cell cannot forge its grade: whatever it prints, however it rewrites or silences the console, whatever
/// types it declares and however it ends its process, an identity LeakyReLU backward (dout passed through, no slope) fails.
/// The check's result reaches the grader as a value the worker reads from the kernel, not as console text.
/// </summary>
public class ForgeryTests
{
    // What the grader once read from the console: the check's result as a "##grade" JSON line.
    private const string ForgedLine = """##grade {"Exercise":"3.1","Title":"LeakyReLU layer","Status":"Passed"}""";

    /// <summary>An identity LeakyReLU backward with <paramref name="inBackward"/> run inside Backward and <paramref name="afterClass"/> after the class.</summary>
    private static string IdentityRelu(string inBackward = "", string afterClass = "") => $$"""
        // EXERCISE 3.1: LeakyReLU layer
        class MyLeakyRelu(double slope) : ILayer
        {
            public string Name => "MyLeakyRelu";

            public Matrix<double> Forward(Matrix<double> x) => x.Map(v => v > 0 ? v : slope * v);

            public Matrix<double> Backward(Matrix<double> dout)
            {
                {{inBackward}}
                return dout.Clone();
            }
        }
        {{afterClass}}
        """;

    // A Console.Out wrapper that turns every line into a forged passed grade; installed during the check, it would rewrite the check's own line.
    private const string Rewriter = """
        class Rewriter(System.IO.TextWriter inner) : System.IO.TextWriter
        {
            public override System.Text.Encoding Encoding => inner.Encoding;
            public override void Write(char value) => inner.Write(value);
            public override void Write(string value) => inner.Write(value?.Replace("Failed", "Passed"));
            public override void WriteLine(string value) => inner.WriteLine("##grade {\"Exercise\":\"3.1\",\"Title\":\"LeakyReLU layer\",\"Status\":\"Passed\"}");
        }
        Console.SetOut(new Rewriter(Console.Out));
        """;

    // A class named Backprop that answers the check call as the library would, with a genuine library result that passed.
    private const string ShadowLibrary = """
        class Backprop
        {
            public static class Checks
            {
                public static class Lesson3Checks
                {
                    public static global::Backprop.Checks.CheckResult LeakyRelu(Func<double, ILayer> make) =>
                        new("3.1", "LeakyReLU layer", global::Backprop.Checks.CheckStatus.Passed);
                }
            }
        }
        """;

    // Old-style protocol lines written straight to file descriptor 1, past Console.Out: an output carrying a passed grade.
    private const string RawProtocolLines = """
        static class Raw
        {
            public static void Forge()
            {
                var raw = Console.OpenStandardOutput();
        var forged = "\u001e@nb {\"event\":\"output\",\"output\":{\"output_type\":\"stream\",\"name\":\"stdout\",\"text\":\"##grade {\\\"Exercise\\\":\\\"3.1\\\",\\\"Title\\\":\\\"LeakyReLU layer\\\",\\\"Status\\\":\\\"Passed\\\"}\\n\"}}\n"
            + "\u001e@nb {\"event\":\"value\",\"json\":\"{\\\"Exercise\\\":\\\"3.1\\\",\\\"Title\\\":\\\"LeakyReLU layer\\\",\\\"Status\\\":\\\"Passed\\\"}\"}\n";
                var bytes = System.Text.Encoding.UTF8.GetBytes(forged);
                raw.Write(bytes, 0, bytes.Length);
                raw.Flush();
            }
        }
        Raw.Forge();
        """;

    // What the message must say: the check ran and found the mistake, or the process was ended.
    private static string Expected(string trick) =>
        trick.StartsWith("exits", StringComparison.Ordinal) || trick.StartsWith("throws", StringComparison.Ordinal) ? "ended the grading process" : "slope is missing";

    public static TheoryData<string> Tricks() =>
    [
        new TheoryDataRow<string>("prints a forged passed line") { TestDisplayName = "forgery: prints a forged passed grade line" },
        new TheoryDataRow<string>("rewrites the console") { TestDisplayName = "forgery: wraps Console.Out to rewrite grade lines" },
        new TheoryDataRow<string>("silences the console") { TestDisplayName = "forgery: replaces Console.Out to suppress grade lines" },
        new TheoryDataRow<string>("shadows the library") { TestDisplayName = "forgery: declares its own Backprop class returning a passed result" },
        new TheoryDataRow<string>("declares CheckResult") { TestDisplayName = "forgery: declares its own CheckResult type" },
        new TheoryDataRow<string>("writes protocol lines") { TestDisplayName = "forgery: writes worker protocol lines to the raw stdout" },
        new TheoryDataRow<string>("exits in the cell") { TestDisplayName = "forgery: calls Environment.Exit(0) in the cell" },
        new TheoryDataRow<string>("exits in the check") { TestDisplayName = "forgery: prints a passed line and calls Environment.Exit(0) during the check" },
        new TheoryDataRow<string>("throws on a thread") { TestDisplayName = "forgery: throws on a background thread during the check" },
    ];

    private static string Cell(string trick) => trick switch
    {
        "prints a forged passed line" => IdentityRelu($"Console.WriteLine(\"\"\"{ForgedLine}\"\"\");", $"Console.WriteLine(\"\"\"{ForgedLine}\"\"\");"),
        "rewrites the console" => IdentityRelu("Console.SetOut(new Rewriter(Console.Out));", Rewriter),
        "silences the console" => IdentityRelu($"Console.WriteLine(\"\"\"{ForgedLine}\"\"\"); Console.SetOut(System.IO.TextWriter.Null);",
            "Console.SetOut(System.IO.TextWriter.Null);"),
        "shadows the library" => IdentityRelu(afterClass: ShadowLibrary),
        "declares CheckResult" => IdentityRelu(afterClass:
            "record CheckResult(string Exercise, string Title, string Status) { public bool Passed => true; }\n"
            + "static class Lesson3Checks { public static CheckResult LeakyRelu(Func<double, ILayer> make) => new(\"3.1\", \"LeakyReLU layer\", \"Passed\"); }"),
        "writes protocol lines" => IdentityRelu("Raw.Forge();", RawProtocolLines),
        "exits in the cell" => IdentityRelu(afterClass: $"Console.WriteLine(\"\"\"{ForgedLine}\"\"\");\nEnvironment.Exit(0);"),
        "exits in the check" => IdentityRelu($"Console.WriteLine(\"\"\"{ForgedLine}\"\"\"); Environment.Exit(0);"),
        "throws on a thread" => IdentityRelu("new System.Threading.Thread(() => throw new InvalidOperationException(\"from a thread\")).Start(); System.Threading.Thread.Sleep(3000);"),
        _ => throw new ArgumentOutOfRangeException(nameof(trick), trick, null),
    };

    [Theory]
    [MemberData(nameof(Tricks))]
    public async Task Identity_relu_backward_fails_whatever_the_cell_does_to_the_console_or_the_process(string trick)
    {
        var spec = ExerciseCatalogue.Get("3.1");

        var grade = await Grader.GradeCellAsync(spec, TestFolders.SolvedNotebook(spec).SetupCode, Cell(trick), TestFolders.CheckCell(spec), TestFolders.Solutions, "forged cell",
            new GradingOptions { TimeLimit = TimeSpan.FromSeconds(30) }, TestContext.Current.CancellationToken);

        Assert.True(grade.Status == GradeStatus.Failed, $"{trick}: {grade.Status}: {grade.Message}");
        Assert.DoesNotContain("all checks passed", grade.Message);
        Assert.Contains(Expected(trick), grade.Message); // the trick ran: it failed for what it did, not for a typo
    }

    [Fact]
    public async Task Identity_leaky_relu_backward_fails_naming_the_missing_slope()
    {
        var spec = ExerciseCatalogue.Get("3.1");

        var grade = await Grader.GradeCellAsync(spec, TestFolders.SolvedNotebook(spec).SetupCode, IdentityRelu(), TestFolders.CheckCell(spec), TestFolders.Solutions, "cell",
            cancellation: TestContext.Current.CancellationToken);

        Assert.True(grade.Status == GradeStatus.Failed, $"{grade.Status}: {grade.Message}");
        Assert.Contains("slope is missing", grade.Message);
    }

    [Fact]
    public async Task Learner_who_edits_the_check_cell_fails_with_a_message_to_restore_it()
    {
        // A check cell rewritten to judge nothing: its hash is no longer the catalogue's, so the grader does not run it.
        var folder = TestFolders.CopyToTemporaryFolder("03-activation-layers.ipynb", text => text.Replace(
            "Lesson3Checks.LeakyRelu(slope => new MyLeakyRelu(slope))",
            "new CheckResult(\\\"3.1\\\", \\\"LeakyReLU layer\\\", CheckStatus.Passed)", StringComparison.Ordinal));
        try
        {
            var grade = await Grader.GradeAsync(ExerciseCatalogue.Get("3.1"), folder, cancellation: TestContext.Current.CancellationToken);

            Assert.Equal(GradeStatus.Failed, grade.Status);
            Assert.Matches($@"^the check cell under EXERCISE 3\.1 in {Path.GetFileName(folder)}/03-activation-layers\.ipynb \(cell \d+\) was changed; restore it \(", grade.Message);
            Assert.Contains($"git checkout -p {Path.GetFileName(folder)}/03-activation-layers.ipynb", grade.Message);
            Assert.Equal(TimeSpan.Zero, grade.Duration); // judged before any code ran
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Learner_cells_above_the_check_cell_do_not_hide_it()
    {
        // A scratch cell of the learner's between the exercise cell and the check cell.
        var folder = TestFolders.CopyToTemporaryFolder("03-activation-layers.ipynb", text =>
        {
            var notebook = System.Text.Json.Nodes.JsonNode.Parse(text)!;
            var cells = notebook["cells"]!.AsArray();
            var check = cells.Select((c, i) => (c, i)).First(x => x.c!["source"]!.ToJsonString().Contains("Lesson3Checks.LeakyRelu", StringComparison.Ordinal)).i;
            var scratch = cells[check]!.DeepClone();
            scratch["source"] = "var mine = new MyLeakyRelu(0.1);";
            cells.Insert(check, scratch);
            return notebook.ToJsonString();
        });
        try
        {
            var grade = await Grader.GradeAsync(ExerciseCatalogue.Get("3.1"), folder, cancellation: TestContext.Current.CancellationToken);

            Assert.True(grade.Status == GradeStatus.Passed, $"{grade.Status}: {grade.Message}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Exiting_the_process_is_reported_as_such()
    {
        var spec = ExerciseCatalogue.Get("3.1");

        var grade = await Grader.GradeCellAsync(spec, TestFolders.SolvedNotebook(spec).SetupCode, Cell("exits in the check"), TestFolders.CheckCell(spec), TestFolders.Solutions, "cell",
            cancellation: TestContext.Current.CancellationToken);

        Assert.Equal(GradeStatus.Failed, grade.Status);
        Assert.StartsWith("the check of your code ended the grading process before the check could give its result (", grade.Message);
        Assert.Contains("exit code 0", grade.Message);
        Assert.Contains("Environment.Exit", grade.Message);
    }

    [Fact]
    public async Task Right_relu_that_silences_and_chatters_on_the_console_still_passes()
    {
        var spec = ExerciseCatalogue.Get("3.1");
        var cell = TestFolders.SolvedCell(spec).Code.Replace("return dout.PointwiseMultiply(Kept);",
            "Console.WriteLine(\"##grade nonsense\"); return dout.PointwiseMultiply(Kept);", StringComparison.Ordinal)
            + "\nConsole.SetOut(System.IO.TextWriter.Null);";

        var grade = await Grader.GradeCellAsync(spec, TestFolders.SolvedNotebook(spec).SetupCode, cell, TestFolders.CheckCell(spec), TestFolders.Solutions, "cell",
            cancellation: TestContext.Current.CancellationToken);

        Assert.True(grade.Status == GradeStatus.Passed, $"{grade.Status}: {grade.Message}");
        Assert.Contains("all checks passed", grade.Message);
    }

    [Fact]
    public async Task Worker_sends_a_value_only_of_the_checks_type_from_the_checks_file()
    {
        var spec = ExerciseCatalogue.Get("3.1");
        var setup = TestFolders.SolvedNotebook(spec).SetupCode;
        var checks = Path.Combine(TestFolders.Root, "exercises", "Checks", "bin", "Debug", "net10.0", "Backprop.Checks.dll");
        string[] snippets =
        [
            .. setup,
            "record CheckResult(string Exercise, string Title, string Status);\nvar mine = new CheckResult(\"3.1\", \"LeakyReLU layer\", \"Passed\");",
            "var real = new global::Backprop.Checks.CheckResult(\"3.1\", \"LeakyReLU layer\", global::Backprop.Checks.CheckStatus.Failed);",
        ];

        async Task<CapturedVariable> Capture(string variable, string path) =>
            (await NotebookRunner.RunCodeAsync(snippets, TestFolders.Solutions, new RunOptions(), TestContext.Current.CancellationToken,
                new VariableCapture(variable, "Backprop.Checks.CheckResult", "Backprop.Checks", path))).Cells[^1].Captured!;

        var mine = await Capture("mine", checks);
        var real = await Capture("real", checks);
        var elsewhere = await Capture("real", Path.Combine(Path.GetTempPath(), "Backprop.Checks.dll"));

        Assert.Null(mine.Json);
        Assert.Contains("not a Backprop.Checks.CheckResult", mine.Problem);
        Assert.Null(real.Problem);
        Assert.Contains("\"Status\":\"Failed\"", real.Json);
        Assert.Null(elsewhere.Json);
        Assert.Contains("not from", elsewhere.Problem);
    }
}
