namespace Backprop.Tests.Charts;

public class ChartScriptCompilationTests
{
    [Fact]
    public void Charts_script_compiles_when_loaded_like_a_notebook_setup_cell()
    {
        Assert.True(File.Exists(ChartScript.ScriptPath), ChartScript.ScriptPath);
        Assert.Equal("Charts", ChartScript.Charts.Name);
    }
}
