using Backprop.Diagrams;

namespace Backprop.Tests.Charts;

public class LibraryReferenceTests
{
    [Fact]
    public void Backprop_dll_references_no_FSharp_or_Plotly_assembly()
    {
        // VS Code's kernel ships FSharp.Core 10.0; a library needing another F# or Plotly version would not load there.
        var references = typeof(Diagram).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.NotEmpty(references);
        Assert.DoesNotContain(references, name => name.StartsWith("FSharp", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(references, name => name.StartsWith("Plotly", StringComparison.OrdinalIgnoreCase));
    }
}
