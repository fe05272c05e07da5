namespace Course.Grading.Running;

/// <summary>How an exercise was graded.</summary>
public enum GradeStatus
{
    /// <summary>Every check passed.</summary>
    Passed,

    /// <summary>Wrong, not compiling, too slow, crashing, or its marker is missing.</summary>
    Failed,

    /// <summary>The cell is the untouched stub, or still throws NotImplementedException.</summary>
    NotAttempted,
}
