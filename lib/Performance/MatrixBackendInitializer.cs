using System.Runtime.CompilerServices;

namespace Backprop.Performance;

/// <summary>
/// Selects the matrix backend when Backprop.dll's code first runs. A notebook's setup cell only #r's the dll, so the
/// first layer, network or data loader a cell touches is the first moment the library can act; a module initializer
/// runs exactly then, before any of them.
/// </summary>
internal static class MatrixBackendInitializer
{
#pragma warning disable CA2255 // Deliberate: the library must configure MathNet before its first product, with no call from the learner.
    [ModuleInitializer]
    internal static void Initialize() => MatrixBackend.EnsureSelected();
#pragma warning restore CA2255
}
