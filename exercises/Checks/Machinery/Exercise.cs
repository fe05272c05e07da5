using System.Reflection;

namespace Backprop.Checks;

/// <summary>Runs the body of one exercise's check and turns how it ended into a <see cref="CheckResult"/>.</summary>
internal static class Exercise
{
    public static CheckResult Check(string id, string title, Action checks)
    {
        try
        {
            checks();
            return new CheckResult(id, title, CheckStatus.Passed);
        }
        catch (CheckFailedException f)
        {
            return new CheckResult(id, title, CheckStatus.Failed, f.What, f.Expected, f.Got, f.Hint);
        }
        catch (Exception e) when (Unwrap(e) is NotImplementedException)
        {
            return new CheckResult(id, title, CheckStatus.NotAttempted,
                Hint: $"the cell marked EXERCISE {id} still throws NotImplementedException; replace the throw with your code");
        }
        catch (Exception e)
        {
            var inner = Unwrap(e);
            var where = new System.Diagnostics.StackTrace(inner, false).GetFrames()
                .Select(f => f.GetMethod()).FirstOrDefault(m => m?.DeclaringType?.Assembly is not { } a || (a != typeof(Exercise).Assembly && a != LibraryUse.Library)) is { } m
                ? $" in {m.DeclaringType?.Name}.{m.Name}" : "";
            return new CheckResult(id, title, CheckStatus.Failed, "running your code", "no exception",
                $"{inner.GetType().Name}{where}: {inner.Message}",
                "read the exception: a shape mismatch, a null field (did Forward store what Backward needs?) or an index out of range");
        }
    }

    private static Exception Unwrap(Exception e) => e switch
    {
        TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        AggregateException { InnerExceptions.Count: 1 } a => Unwrap(a.InnerExceptions[0]),
        _ => e,
    };
}
