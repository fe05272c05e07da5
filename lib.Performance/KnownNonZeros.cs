namespace Backprop.Performance;

/// <summary>
/// Where the products look for a matrix's non-zeros already listed by the code that filled it. The Trainer's batch
/// sampler registers its batch after writing each one, and forgets it when training ends; nobody else holds the batch, so
/// the lists cannot go stale. One registration per thread: training and its products run on one thread.
/// </summary>
internal static class KnownNonZeros
{
    [ThreadStatic] private static double[]? t_storage;
    [ThreadStatic] private static CompressedRows? t_rows;

    /// <summary>From now on, products reading <paramref name="storage"/> (column-major, rows.RowCount × rows.ColumnCount)
    /// may take its non-zeros from <paramref name="rows"/>; the caller must not change one without the other.</summary>
    public static void Register(double[] storage, CompressedRows rows)
    {
        t_storage = storage;
        t_rows = rows;
    }

    /// <summary>Ends the registration of <paramref name="storage"/>, if it is the one registered.</summary>
    public static void Forget(double[] storage)
    {
        if (!ReferenceEquals(t_storage, storage)) return;
        t_storage = null;
        t_rows = null;
    }

    /// <summary>Whether this thread has a registration at all (tests check that training leaves none behind).</summary>
    internal static bool HasRegistration => t_storage is not null;

    /// <summary>The lists registered for exactly this array seen as rows × columns, or null.</summary>
    public static CompressedRows? Find(double[] storage, int rows, int columns) =>
        ReferenceEquals(t_storage, storage) && t_rows is { } known && known.RowCount == rows && known.ColumnCount == columns
            ? known
            : null;
}
