namespace Backprop.Performance;

/// <summary>
/// The non-zero entries of every row of a matrix, kept by the code that wrote the matrix (the Trainer's batch sampler
/// already holds each image's non-zero pixels), so that <see cref="CompressedStripProduct"/> need not search the matrix
/// for them again. Row r's entries are Columns[i] and Values[i] for First[r] ≤ i &lt; End[r], columns ascending.
/// </summary>
internal sealed class CompressedRows
{
    private int[]? _columnCounts;
    private int[]? _columnRows;
    private double[]? _columnValues;
    private bool _byColumnIsCurrent;

    public CompressedRows(int rowCount, int columnCount, int[] columns, double[] values)
    {
        RowCount = rowCount;
        ColumnCount = columnCount;
        Columns = columns;
        Values = values;
        First = new int[rowCount];
        End = new int[rowCount];
    }

    public int RowCount { get; }

    public int ColumnCount { get; }

    public int[] Columns { get; }

    public double[] Values { get; }

    public int[] First { get; }

    public int[] End { get; }

    /// <summary>All entries of all rows over RowCount × ColumnCount: the exact density of the matrix.</summary>
    public double Density
    {
        get
        {
            long total = 0;
            for (var r = 0; r < RowCount; r++) total += End[r] - First[r];
            return RowCount * (long)ColumnCount == 0 ? 0 : (double)total / (RowCount * (long)ColumnCount);
        }
    }

    /// <summary>Call after changing First or End: the by-column lists are rebuilt when next asked for.</summary>
    public void Changed() => _byColumnIsCurrent = false;

    /// <summary>
    /// The same entries column by column (the rows of the transpose): column p's are Rows[i] and Values[i] for
    /// p·RowCount ≤ i &lt; p·RowCount + Counts[p], rows ascending. One pass over the entries, each column's list given room
    /// for every row (a count-then-place pass over the entries measured twice as slow).
    /// </summary>
    public (int[] Counts, int[] Rows, double[] Values) ByColumn()
    {
        if (_byColumnIsCurrent) return (_columnCounts!, _columnRows!, _columnValues!);
        var counts = _columnCounts ??= new int[ColumnCount];
        var rows = _columnRows ??= new int[ColumnCount * RowCount];
        var values = _columnValues ??= new double[ColumnCount * RowCount];
        Array.Clear(counts);
        var columns = Columns;
        var source = Values;
        for (var r = 0; r < RowCount; r++)
            for (var i = First[r]; i < End[r]; i++)
            {
                var p = columns[i];
                var at = p * RowCount + counts[p]++;
                rows[at] = r;
                values[at] = source[i];
            }
        _byColumnIsCurrent = true;
        return (counts, rows, values);
    }
}
