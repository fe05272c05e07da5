using Course.Grading.Catalogue;

namespace Course.Grading.Running;

/// <summary>The grade of one exercise.</summary>
/// <param name="Exercise">The exercise.</param>
/// <param name="Status">Passed, failed or not attempted.</param>
/// <param name="Message">What a learner reads: the check's message, the compile error, the timeout …</param>
/// <param name="Location">"exercises/03-activation-layers.ipynb, EXERCISE 3.1".</param>
/// <param name="Duration">Wall-clock time, worker start included (zero when nothing ran).</param>
/// <param name="Check">The check's own result, when the check ran to the end (null for compile errors, timeouts, crashes …).</param>
public sealed record ExerciseGrade(ExerciseSpec Exercise, GradeStatus Status, string Message, string Location, TimeSpan Duration,
    Backprop.Checks.CheckResult? Check = null);
