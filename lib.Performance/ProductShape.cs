namespace Backprop.Performance;

/// <summary>The sizes of c = op(a)·op(b) in column-major storage, checked once for every backend.</summary>
internal readonly record struct ProductShape(int M, int K, int N)
{
    /// <exception cref="ArgumentException">Inner sizes differ, or <paramref name="resultLength"/> is too small.</exception>
    public static ProductShape Of(bool transposeA, bool transposeB, int rowsA, int columnsA, int rowsB, int columnsB, int resultLength)
    {
        var m = transposeA ? columnsA : rowsA;
        var k = transposeA ? rowsA : columnsA;
        var innerB = transposeB ? columnsB : rowsB;
        var n = transposeB ? rowsB : columnsB;
        if (innerB != k)
            throw new ArgumentException($"Matrix product: op(a) is {m}×{k} but op(b) is {innerB}×{n} (inner sizes differ).");
        if (resultLength < (long)m * n)
            throw new ArgumentException($"Matrix product: the result array holds {resultLength} values, {m}×{n} = {(long)m * n} needed.");
        return new ProductShape(m, k, n);
    }
}
