using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Performance;

/// <summary>
/// c = alpha·op(a)·op(b) + beta·c, register-blocked: each 8×6 tile of the column-major result is held in twelve
/// Vector256 accumulators while the inner dimension is walked once, so every load of op(a) (two vectors down a column)
/// feeds six fused multiply-adds and every broadcast of op(b) feeds two. The streaming products reload their sums from
/// memory for each term; this one keeps them in registers, which is what lets a product such as dout·W1ᵀ approach two
/// multiply-adds per cycle.
/// </summary>
/// <remarks>
/// <para>op(a) is first copied tile by tile: for rows i..i+7 the eight values of each inner step p lie together, rows
/// past M are zero. op(b) is read in place, op(b)(p, j) = B[p·BInnerStep + j·BColumnStep].</para>
/// <para>SkipZeroSteps: a step p where all eight rows of a tile are zero (a pixel that is background in eight images)
/// is left out of that tile's copy, as the sparse plans skip zeros; a NaN or ∞ of op(b) then meets those zeros as 0.
/// Without it nothing is skipped and IEEE 0·NaN = NaN holds on both sides.</para>
/// </remarks>
internal readonly record struct DenseTileProduct(
    double[] A, bool TransposeA, int RowsA, int M, int K,
    double[] B, int BInnerStep, int BColumnStep, int N,
    double[] C, double Alpha, double Beta, bool SkipZeroSteps = false)
{
    private const int TileRows = 8;
    private const int TileColumns = 6;
    private const int BandBytes = 16 * 1024;

    public void Run()
    {
        var tiles = (M + TileRows - 1) / TileRows;
        var packed = ArrayPool<double>.Shared.Rent(tiles * K * TileRows);
        var offsets = ArrayPool<int>.Shared.Rent(tiles * K);
        var counts = ArrayPool<int>.Shared.Rent(tiles);
        try
        {
            for (var t = 0; t < tiles; t++) counts[t] = Pack(t, packed.AsSpan(t * K * TileRows, K * TileRows), offsets.AsSpan(t * K, K));
            // A band of op(a) small enough for L1 meets every column tile of op(b) before the next band is loaded.
            var band = Math.Max(1, BandBytes / (sizeof(double) * TileRows * Math.Max(1, K)));
            for (var first = 0; first < tiles; first += band)
            {
                var last = Math.Min(tiles, first + band);
                var j = 0;
                for (; j + TileColumns <= N; j += TileColumns)
                    for (var t = first; t < last; t++) Tile(packed, offsets, t, counts[t], j);
                for (; j < N; j++)
                    for (var t = first; t < last; t++) Column(packed, offsets, t, counts[t], j);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(packed);
            ArrayPool<int>.Shared.Return(offsets);
            ArrayPool<int>.Shared.Return(counts);
        }
    }

    // Tile t's copy of op(a): panel[q·8 + r] = op(a)(8t + r, p_q) for its kept steps p_q (all p unless skipping), and
    // offsets[q] = p_q·BInnerStep, where that step's row of op(b) starts. Returns how many steps were kept.
    private int Pack(int t, Span<double> panel, Span<int> offsets)
    {
        var first = t * TileRows;
        var rows = Math.Min(TileRows, M - first);
        var kept = 0;
        for (var p = 0; p < K; p++)
        {
            var values = panel.Slice(kept * TileRows, TileRows);
            if (TransposeA)
                for (var r = 0; r < rows; r++) values[r] = A[p + (first + r) * RowsA];
            else
                A.AsSpan(p * RowsA + first, rows).CopyTo(values);
            values[rows..].Clear();
            if (SkipZeroSteps && Vector256.LoadUnsafe(ref values[0]) == Vector256<double>.Zero
                && Vector256.LoadUnsafe(ref values[0], 4) == Vector256<double>.Zero)
                continue;
            offsets[kept++] = p * BInnerStep;
        }
        return kept;
    }

    private void Tile(double[] packed, int[] offsets, int t, int steps, int j)
    {
        Vector256<double> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default,
            c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        // Walking refs (no multiplications in the loop) keeps the front end ahead of the two FMA pipes.
        ref var a = ref packed[t * K * TileRows];
        ref var offset = ref offsets[t * K];
        ref var b = ref B[j * BColumnStep];
        nint s1 = BColumnStep, s2 = 2 * s1, s3 = 3 * s1, s4 = 4 * s1, s5 = 5 * s1;
        for (var q = 0; q < steps; q++)
        {
            var a0 = Vector256.LoadUnsafe(ref a);
            var a1 = Vector256.LoadUnsafe(ref a, 4);
            ref var bp = ref Unsafe.Add(ref b, Unsafe.Add(ref offset, q));
            var v = Vector256.Create(bp);
            c00 = Vector256.FusedMultiplyAdd(a0, v, c00); c01 = Vector256.FusedMultiplyAdd(a1, v, c01);
            v = Vector256.Create(Unsafe.Add(ref bp, s1));
            c10 = Vector256.FusedMultiplyAdd(a0, v, c10); c11 = Vector256.FusedMultiplyAdd(a1, v, c11);
            v = Vector256.Create(Unsafe.Add(ref bp, s2));
            c20 = Vector256.FusedMultiplyAdd(a0, v, c20); c21 = Vector256.FusedMultiplyAdd(a1, v, c21);
            v = Vector256.Create(Unsafe.Add(ref bp, s3));
            c30 = Vector256.FusedMultiplyAdd(a0, v, c30); c31 = Vector256.FusedMultiplyAdd(a1, v, c31);
            v = Vector256.Create(Unsafe.Add(ref bp, s4));
            c40 = Vector256.FusedMultiplyAdd(a0, v, c40); c41 = Vector256.FusedMultiplyAdd(a1, v, c41);
            v = Vector256.Create(Unsafe.Add(ref bp, s5));
            c50 = Vector256.FusedMultiplyAdd(a0, v, c50); c51 = Vector256.FusedMultiplyAdd(a1, v, c51);
            a = ref Unsafe.Add(ref a, TileRows);
        }
        var i = t * TileRows;
        if (i + TileRows <= M)
        {
            // Whole tile: vector stores straight into the result's columns (inlined, so no call after the loop makes
            // the JIT keep the accumulators on the stack; every vector register is caller-saved).
            ref var c = ref C[i + j * M];
            nint column = M;
            Put(ref c, c00, c01);
            Put(ref Unsafe.Add(ref c, column), c10, c11);
            Put(ref Unsafe.Add(ref c, 2 * column), c20, c21);
            Put(ref Unsafe.Add(ref c, 3 * column), c30, c31);
            Put(ref Unsafe.Add(ref c, 4 * column), c40, c41);
            Put(ref Unsafe.Add(ref c, 5 * column), c50, c51);
            return;
        }
        Span<double> sums = stackalloc double[TileRows * TileColumns];
        ref var s = ref sums[0];
        c00.StoreUnsafe(ref s, 0); c01.StoreUnsafe(ref s, 4);
        c10.StoreUnsafe(ref s, 8); c11.StoreUnsafe(ref s, 12);
        c20.StoreUnsafe(ref s, 16); c21.StoreUnsafe(ref s, 20);
        c30.StoreUnsafe(ref s, 24); c31.StoreUnsafe(ref s, 28);
        c40.StoreUnsafe(ref s, 32); c41.StoreUnsafe(ref s, 36);
        c50.StoreUnsafe(ref s, 40); c51.StoreUnsafe(ref s, 44);
        for (var u = 0; u < TileColumns; u++) Store(i, j + u, sums.Slice(u * TileRows, TileRows));
    }

    // The columns left over after the whole tiles (N mod 6), one at a time.
    private void Column(double[] packed, int[] offsets, int t, int steps, int j)
    {
        Vector256<double> c0 = default, c1 = default;
        var panel = t * K * TileRows;
        var column = j * BColumnStep;
        for (var q = 0; q < steps; q++)
        {
            var v = Vector256.Create(B[column + offsets[t * K + q]]);
            c0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref packed[panel + q * TileRows]), v, c0);
            c1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref packed[panel + q * TileRows + 4]), v, c1);
        }
        Span<double> sums = stackalloc double[TileRows];
        c0.StoreUnsafe(ref sums[0], 0);
        c1.StoreUnsafe(ref sums[0], 4);
        Store(t * TileRows, j, sums);
    }

    // c(i..i+7, j) = alpha·sums + beta·c for a whole tile column; c is only read when beta ≠ 0 (BLAS semantics).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Put(ref double c, Vector256<double> low, Vector256<double> high)
    {
        if (Alpha != 1)
        {
            low *= Alpha;
            high *= Alpha;
        }
        if (Beta != 0)
        {
            low += Vector256.LoadUnsafe(ref c) * Beta;
            high += Vector256.LoadUnsafe(ref c, 4) * Beta;
        }
        low.StoreUnsafe(ref c);
        high.StoreUnsafe(ref c, 4);
    }

    // The same for the last, partial tile: padding rows are dropped.
    private void Store(int i, int j, ReadOnlySpan<double> sums)
    {
        var at = i + j * M;
        var rows = Math.Min(TileRows, M - i);
        for (var r = 0; r < rows; r++)
        {
            var v = Alpha == 1 ? sums[r] : Alpha * sums[r];
            C[at + r] = Beta == 0 ? v : v + Beta * C[at + r];
        }
    }
}
