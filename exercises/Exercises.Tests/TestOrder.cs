using Course.Grading.Catalogue;
using Xunit.Sdk;
using Xunit.v3;

[assembly: Parallelization(Mode = ParallelMode.None)] // one grading run feeds every test; order matters, time does not
[assembly: TestCollectionOrderer(typeof(Course.Exercises.Tests.TestOrder))]
[assembly: TestCaseOrderer(typeof(Course.Exercises.Tests.TestOrder))]

namespace Course.Exercises.Tests;

/// <summary>
/// Reports the exercises in course order and the grading summary last, so the summary table is the last thing
/// `dotnet test` prints before its totals.
/// </summary>
public sealed class TestOrder : ITestCollectionOrderer, ITestCaseOrderer
{
    /// <inheritdoc />
    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : ITestCollection =>
        [.. testCollections.OrderBy(c => c.TestCollectionDisplayName.Contains(nameof(SummaryTests), StringComparison.Ordinal))
            .ThenBy(c => c.TestCollectionDisplayName, StringComparer.Ordinal)];

    /// <inheritdoc />
    public IReadOnlyCollection<TTestCase> OrderTestCases<TTestCase>(IReadOnlyCollection<TTestCase> testCases)
        where TTestCase : notnull, ITestCase =>
        [.. testCases.OrderBy(c => CatalogueIndex(c.TestCaseDisplayName)).ThenBy(c => c.TestCaseDisplayName, StringComparer.Ordinal)];

    private static int CatalogueIndex(string displayName)
    {
        for (var i = 0; i < ExerciseCatalogue.All.Count; i++)
            if (displayName == ExerciseCatalogue.All[i].DisplayName) return i;
        return -1;
    }
}
