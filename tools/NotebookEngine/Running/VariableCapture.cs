namespace Course.NotebookEngine.Running;

/// <summary>
/// A variable the worker reads from the C# kernel after a cell has run and sends to the parent as JSON, serialised by the
/// worker's own code (for graders: the check's result, out of reach of what the cell writes to the console). The value is
/// sent only when its type is <see cref="TypeFullName"/> from the assembly <see cref="AssemblyName"/> loaded from a file
/// (and from <see cref="AssemblyPath"/> when given): a type a cell declares lives in an in-memory submission assembly.
/// </summary>
/// <param name="Variable">The variable's name in the cell.</param>
/// <param name="TypeFullName">The full name of the type its value must have, e.g. "Backprop.Checks.CheckResult".</param>
/// <param name="AssemblyName">The simple name of that type's assembly, e.g. "Backprop.Checks".</param>
/// <param name="AssemblyPath">The file that assembly must be loaded from, or null to accept any file.</param>
public sealed record VariableCapture(string Variable, string TypeFullName, string AssemblyName, string? AssemblyPath = null);
