using Course.Kernel.Execution;

namespace Course.Kernel.Tests.Execution;

public class CodeCompletenessTests
{
    [Theory]
    [InlineData("1 + 1")]
    [InlineData("var x = 1;")]
    [InlineData("#r \"nuget: MathNet.Numerics, 5.0.0\"\nvar m = 1;")]
    [InlineData("#!csharp\nConsole.WriteLine(1);")]
    public void Code_that_can_run_is_complete(string code) => Assert.Equal("complete", CodeCompleteness.Check(code));

    [Theory]
    [InlineData("if (true) {")]
    [InlineData("var numbers = new[] { 1,")]
    [InlineData("Console.WriteLine(")]
    public void An_open_block_or_call_is_incomplete(string code) => Assert.Equal("incomplete", CodeCompleteness.Check(code));

    [Theory]
    [InlineData("var x = ;")]
    [InlineData("int 3x = 1;")]
    public void A_syntax_error_is_invalid(string code) => Assert.Equal("invalid", CodeCompleteness.Check(code));
}
