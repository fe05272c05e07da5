namespace Course.NotebookEngine.Running;

/// <summary>What the worker found in the variable of a <see cref="VariableCapture"/>: the value as JSON, or why there is none.</summary>
/// <param name="Json">The value serialised by the worker (enums as names), or null.</param>
/// <param name="Problem">Why no value was sent ("it is a MyCheckResult, …"), or null.</param>
public sealed record CapturedVariable(string? Json, string? Problem);
