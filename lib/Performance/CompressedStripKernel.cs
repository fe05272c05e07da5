using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Performance;

/// <summary>
/// c = alpha·op(a)·op(b) + beta·c for a sparse op(a) and a narrow op(b) (the course's x·W1 and xᵀ·dout, 50 columns):
/// every row of op(a) is compressed to its non-zero entries, and each row of c is accumulated sixteen columns at a time
/// in registers — eight Vector256 sums, two non-zeros per step — while that row's non-zeros are walked. The streaming
/// row kernel adds every term into sums kept in memory; here one broadcast of a pixel feeds four fused multiply-adds and
/// the sums are stored once per row, which is what lets an MNIST batch (~19% non-zero pixels) run at close to two
/// multiply-adds per cycle on only the non-zeros.
/// </summary>
/// <remarks>
/// <para>op(a)(r, p) = A[p + r·RowsA] when TransposeA (each row contiguous), else A[r + p·RowsA] (compressed a block of
/// rows at a time, walking each column once). op(b) is copied into row-major order with its width padded to whole
/// vectors. c is column-major, M×N.</para>
/// <para>Zeros of op(a) are skipped, so they meet an ∞ or NaN of op(b) as 0; a NaN or ∞ in op(a) itself propagates.</para>
/// </remarks>
internal readonly record struct CompressedStripKernel(
    double[] A, bool TransposeA, int RowsA, int M, int K,
    double[] B, bool TransposeB, int RowsB, int N,
    double[] C, double Alpha, double Beta)
{
    private const int Lanes = 4;
    private const int StripColumns = 4 * Lanes;

    /// <summary>Inner steps per slab: a slab of a 16-column panel of op(b) is 16 KB, half of a core's L1.</summary>
    public const int SlabSteps = 128;

    /// <summary>Rows of op(a) compressed together: their non-zeros (≤ 64·K entries) stay in L2 until they are used.</summary>
    public const int BlockRows = 64;

    /// <summary>Width of the row-major copy of op(b): N padded to whole vectors (the padding is zero).</summary>
    public int Stride => (N + Lanes - 1) / Lanes * Lanes;

    /// <summary>Whether the hardware has what the kernel is written for (256-bit vectors with fused multiply-add).</summary>
    public static bool IsSupported => Vector256.IsHardwareAccelerated && Fma.IsSupported;

    /// <summary>All rows, on up to <paramref name="threads"/> threads (blocks of <see cref="BlockRows"/> rows each).</summary>
    public void Run(int threads)
    {
        var right = ArrayPool<double>.Shared.Rent(PackedLength);
        try
        {
            Pack(right);
            var blocks = (M + BlockRows - 1) / BlockRows;
            if (threads <= 1 || blocks < 2)
            {
                RunRows(right, 0, M);
                return;
            }
            var perTask = (blocks + threads - 1) / threads * BlockRows;
            var kernel = this;
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads },
                t => kernel.RunRows(right, Math.Min(kernel.M, t * perTask), Math.Min(kernel.M, (t + 1) * perTask)));
        }
        finally
        {
            ArrayPool<double>.Shared.Return(right);
        }
    }

    // op(b) in panels, each a whole column range for every p: first the strips of 16 columns, panel s holding
    // right[s·K·16 + p·16 + (j − 16s)], then the 4-column panels of the tail. Columns past N are zero.
    private void Pack(double[] right)
    {
        for (var j0 = 0; j0 < N; j0 += Lanes)
        {
            var (panel, width, inner) = PanelOf(j0);
            if (TransposeB)
            {
                // op(b) row p is column p of b: contiguous, four values at a time.
                for (var p = 0; p < K; p++)
                    for (var j = 0; j < Lanes; j++)
                        right[panel + p * width + inner + j] = j0 + j < N ? B[j0 + j + p * RowsB] : 0;
                continue;
            }
            // Column-major b: four columns × four rows loaded as vectors, transposed in registers, stored as four rows.
            var p4 = 0;
            if (j0 + Lanes <= N)
                for (; p4 + Lanes <= K; p4 += Lanes)
                {
                    var v0 = Vector256.Create(B.AsSpan((j0 + 0) * RowsB + p4, Lanes));
                    var v1 = Vector256.Create(B.AsSpan((j0 + 1) * RowsB + p4, Lanes));
                    var v2 = Vector256.Create(B.AsSpan((j0 + 2) * RowsB + p4, Lanes));
                    var v3 = Vector256.Create(B.AsSpan((j0 + 3) * RowsB + p4, Lanes));
                    var t0 = Avx.UnpackLow(v0, v1);
                    var t1 = Avx.UnpackHigh(v0, v1);
                    var t2 = Avx.UnpackLow(v2, v3);
                    var t3 = Avx.UnpackHigh(v2, v3);
                    var at = panel + p4 * width + inner;
                    Avx.Permute2x128(t0, t2, 0x20).CopyTo(right.AsSpan(at, Lanes));
                    Avx.Permute2x128(t1, t3, 0x20).CopyTo(right.AsSpan(at + width, Lanes));
                    Avx.Permute2x128(t0, t2, 0x31).CopyTo(right.AsSpan(at + 2 * width, Lanes));
                    Avx.Permute2x128(t1, t3, 0x31).CopyTo(right.AsSpan(at + 3 * width, Lanes));
                }
            for (var p = p4; p < K; p++)
                for (var j = 0; j < Lanes; j++)
                    right[panel + p * width + inner + j] = j0 + j < N ? B[p + (j0 + j) * RowsB] : 0;
        }
    }

    // Full strips of 16 columns, then single vectors: N = 50 gives three strips and columns 48..51 as one vector.
    private int Strips => Stride / StripColumns;

    private int PackedLength => K * Stride;

    // Where column j0 (a multiple of 4) lives: the panel's start, its width, and j0's place inside a panel row.
    private (int Panel, int Width, int Inner) PanelOf(int j0)
    {
        var full = Strips * StripColumns;
        return j0 < full
            ? (j0 / StripColumns * K * StripColumns, StripColumns, j0 % StripColumns)
            : (full * K + (j0 - full) / Lanes * K * Lanes, Lanes, 0);
    }

    private void RunRows(double[] right, int from, int to)
    {
        if (from >= to) return;
        var rows = Math.Min(BlockRows, to - from);
        var slabs = Slabs;
        var indices = ArrayPool<int>.Shared.Rent(rows * K);
        var values = ArrayPool<double>.Shared.Rent(rows * K);
        var bounds = ArrayPool<int>.Shared.Rent(rows * (slabs + 1));
        var sums = ArrayPool<double>.Shared.Rent(rows * Stride);
        try
        {
            for (var r0 = from; r0 < to; r0 += BlockRows)
            {
                var r1 = Math.Min(to, r0 + BlockRows);
                Compress(r0, r1, indices, values, bounds);
                sums.AsSpan(0, (r1 - r0) * Stride).Clear();
                // Panel by panel, and within a panel slab by slab over all rows of the block: the slab of the panel
                // (128 rows of 16 columns, 16 KB) stays in L1 while every row's non-zeros in its range use it, instead of
                // each row pulling the whole of op(b) through the cache.
                for (var j0 = 0; j0 < Stride; j0 += StripColumns)
                {
                    var (panel, width, _) = PanelOf(j0);
                    ref var panelStart = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(right), panel);
                    for (var slab = 0; slab < slabs; slab++)
                        for (var r = 0; r < r1 - r0; r++)
                        {
                            var first = bounds[r * (slabs + 1) + slab];
                            var count = bounds[r * (slabs + 1) + slab + 1] - first;
                            if (count == 0) continue;
                            var rowIndices = indices.AsSpan(r * K + first, count);
                            var rowValues = values.AsSpan(r * K + first, count);
                            ref var rowSums = ref sums[r * Stride + j0];
                            if (width == StripColumns) Strip(ref panelStart, rowIndices, rowValues, ref rowSums);
                            else
                                for (var t = 0; j0 + t < Stride; t += Lanes)
                                    Vector(ref Unsafe.Add(ref panelStart, t * K), rowIndices, rowValues, ref Unsafe.Add(ref rowSums, t));
                        }
                    if (width != StripColumns) break;
                }
                for (var r = r0; r < r1; r++) Store(sums, (r - r0) * Stride, r);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(indices);
            ArrayPool<double>.Shared.Return(values);
            ArrayPool<int>.Shared.Return(bounds);
            ArrayPool<double>.Shared.Return(sums);
        }
    }

    private int Slabs => (K + SlabSteps - 1) / SlabSteps;

    // Row r of the block goes to indices/values[(r − r0)·K ...]: each non-zero op(a)(r, p) as (p, value), and
    // bounds[(r − r0)·(Slabs + 1) + s] = where the non-zeros with p ≥ s·SlabSteps begin in that list. Four values are
    // tested at once; inside a group with a non-zero, every value is written and the count moves past the non-zeros
    // only, so there is no branch for the random pattern of ink within a stroke to mispredict.
    private void Compress(int r0, int r1, int[] indices, double[] values, int[] bounds)
    {
        var slabs = Slabs;
        ref var index = ref MemoryMarshal.GetArrayDataReference(indices);
        ref var value = ref MemoryMarshal.GetArrayDataReference(values);
        if (TransposeA)
        {
            for (var r = r0; r < r1; r++)
            {
                var row = A.AsSpan(r * RowsA, K);
                var at = (r - r0) * K;
                var end = 0;
                for (var slab = 0; slab < slabs; slab++)
                {
                    bounds[(r - r0) * (slabs + 1) + slab] = end;
                    var p = slab * SlabSteps;
                    var stop = Math.Min(K, p + SlabSteps);
                    for (; p + Lanes <= stop; p += Lanes)
                    {
                        var nonZero = NonZeroLanes(row.Slice(p, Lanes));
                        if (nonZero == 0) continue;
                        for (var l = 0; l < Lanes; l++)
                        {
                            Unsafe.Add(ref index, at + end) = p + l;
                            Unsafe.Add(ref value, at + end) = row[p + l];
                            end += (int)(nonZero >> l) & 1;
                        }
                    }
                    for (; p < stop; p++)
                        if (row[p] != 0)
                        {
                            Unsafe.Add(ref index, at + end) = p;
                            Unsafe.Add(ref value, at + end++) = row[p];
                        }
                }
                bounds[(r - r0) * (slabs + 1) + slabs] = end;
            }
            return;
        }
        // Four rows at a time: their values at column p are four contiguous doubles of a, and each of the four lists
        // is written sequentially (one list per row would scatter every write across the block's pages).
        var g = r0;
        for (; g + Lanes <= r1; g += Lanes)
        {
            var at = (g - r0) * K;
            int c0 = 0, c1 = 0, c2 = 0, c3 = 0;
            for (var slab = 0; slab <= slabs; slab++)
            {
                var bound = (g - r0) * (slabs + 1) + slab;
                bounds[bound] = c0;
                bounds[bound + slabs + 1] = c1;
                bounds[bound + 2 * (slabs + 1)] = c2;
                bounds[bound + 3 * (slabs + 1)] = c3;
                if (slab == slabs) break;
                for (var p = slab * SlabSteps; p < Math.Min(K, (slab + 1) * SlabSteps); p++)
                {
                    var four = A.AsSpan(g + p * RowsA, Lanes);
                    var nonZero = NonZeroLanes(four);
                    if (nonZero == 0) continue;
                    Unsafe.Add(ref index, at + c0) = p;
                    Unsafe.Add(ref value, at + c0) = four[0];
                    c0 += (int)nonZero & 1;
                    Unsafe.Add(ref index, at + K + c1) = p;
                    Unsafe.Add(ref value, at + K + c1) = four[1];
                    c1 += (int)(nonZero >> 1) & 1;
                    Unsafe.Add(ref index, at + 2 * K + c2) = p;
                    Unsafe.Add(ref value, at + 2 * K + c2) = four[2];
                    c2 += (int)(nonZero >> 2) & 1;
                    Unsafe.Add(ref index, at + 3 * K + c3) = p;
                    Unsafe.Add(ref value, at + 3 * K + c3) = four[3];
                    c3 += (int)(nonZero >> 3) & 1;
                }
            }
        }
        for (; g < r1; g++)
        {
            var at = (g - r0) * K;
            var count = 0;
            for (var slab = 0; slab < slabs; slab++)
            {
                bounds[(g - r0) * (slabs + 1) + slab] = count;
                for (var p = slab * SlabSteps; p < Math.Min(K, (slab + 1) * SlabSteps); p++)
                {
                    var v = A[g + p * RowsA];
                    if (v == 0) continue;
                    indices[at + count] = p;
                    values[at + count++] = v;
                }
            }
            bounds[(g - r0) * (slabs + 1) + slabs] = count;
        }
    }

    // Bit l set where values[l] is not zero (NaN included).
    private static uint NonZeroLanes(ReadOnlySpan<double> four) =>
        ~Vector256.Equals(Vector256.Create(four), Vector256<double>.Zero).ExtractMostSignificantBits() & 0xF;

    // sums[0..16) += Σ_q values[q] · panel[indices[q]·16 .. +16): two non-zeros per step into two sets of four sums
    // (eight independent chains hide the latency of the multiply-add), added together at the end.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Strip(ref double panel, ReadOnlySpan<int> indices, ReadOnlySpan<double> values, ref double sums)
    {
        Vector256<double> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector256<double> b0 = default, b1 = default, b2 = default, b3 = default;
        var q = 0;
        for (; q + 1 < indices.Length; q += 2)
        {
            ref var first = ref Unsafe.Add(ref panel, indices[q] * StripColumns);
            ref var second = ref Unsafe.Add(ref panel, indices[q + 1] * StripColumns);
            var u = Vector256.Create(values[q]);
            var v = Vector256.Create(values[q + 1]);
            a0 = Fma.MultiplyAdd(u, Vector256.LoadUnsafe(ref first), a0);
            a1 = Fma.MultiplyAdd(u, Vector256.LoadUnsafe(ref first, 4), a1);
            a2 = Fma.MultiplyAdd(u, Vector256.LoadUnsafe(ref first, 8), a2);
            a3 = Fma.MultiplyAdd(u, Vector256.LoadUnsafe(ref first, 12), a3);
            b0 = Fma.MultiplyAdd(v, Vector256.LoadUnsafe(ref second), b0);
            b1 = Fma.MultiplyAdd(v, Vector256.LoadUnsafe(ref second, 4), b1);
            b2 = Fma.MultiplyAdd(v, Vector256.LoadUnsafe(ref second, 8), b2);
            b3 = Fma.MultiplyAdd(v, Vector256.LoadUnsafe(ref second, 12), b3);
        }
        if (q < indices.Length)
        {
            ref var last = ref Unsafe.Add(ref panel, indices[q] * StripColumns);
            var u = Vector256.Create(values[q]);
            a0 = Fma.MultiplyAdd(u, Vector256.LoadUnsafe(ref last), a0);
            a1 = Fma.MultiplyAdd(u, Vector256.LoadUnsafe(ref last, 4), a1);
            a2 = Fma.MultiplyAdd(u, Vector256.LoadUnsafe(ref last, 8), a2);
            a3 = Fma.MultiplyAdd(u, Vector256.LoadUnsafe(ref last, 12), a3);
        }
        (Vector256.LoadUnsafe(ref sums) + (a0 + b0)).StoreUnsafe(ref sums);
        (Vector256.LoadUnsafe(ref sums, 4) + (a1 + b1)).StoreUnsafe(ref sums, 4);
        (Vector256.LoadUnsafe(ref sums, 8) + (a2 + b2)).StoreUnsafe(ref sums, 8);
        (Vector256.LoadUnsafe(ref sums, 12) + (a3 + b3)).StoreUnsafe(ref sums, 12);
    }

    // A 4-column panel: four non-zeros per step into four sums.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Vector(ref double panel, ReadOnlySpan<int> indices, ReadOnlySpan<double> values, ref double sums)
    {
        Vector256<double> a0 = default, a1 = default, a2 = default, a3 = default;
        var q = 0;
        for (; q + 3 < indices.Length; q += 4)
        {
            a0 = Fma.MultiplyAdd(Vector256.Create(values[q]), Vector256.LoadUnsafe(ref Unsafe.Add(ref panel, indices[q] * Lanes)), a0);
            a1 = Fma.MultiplyAdd(Vector256.Create(values[q + 1]), Vector256.LoadUnsafe(ref Unsafe.Add(ref panel, indices[q + 1] * Lanes)), a1);
            a2 = Fma.MultiplyAdd(Vector256.Create(values[q + 2]), Vector256.LoadUnsafe(ref Unsafe.Add(ref panel, indices[q + 2] * Lanes)), a2);
            a3 = Fma.MultiplyAdd(Vector256.Create(values[q + 3]), Vector256.LoadUnsafe(ref Unsafe.Add(ref panel, indices[q + 3] * Lanes)), a3);
        }
        for (; q < indices.Length; q++)
            a0 = Fma.MultiplyAdd(Vector256.Create(values[q]), Vector256.LoadUnsafe(ref Unsafe.Add(ref panel, indices[q] * Lanes)), a0);
        (Vector256.LoadUnsafe(ref sums) + ((a0 + a1) + (a2 + a3))).StoreUnsafe(ref sums);
    }

    // c(r, j) = alpha·sums[at + j] + beta·c(r, j); beta = 0 does not read c (it may hold NaN).
    private void Store(double[] sums, int at, int r)
    {
        if (Beta == 0)
            for (var j = 0; j < N; j++) C[r + j * M] = Alpha * sums[at + j];
        else
            for (var j = 0; j < N; j++) C[r + j * M] = Alpha * sums[at + j] + Beta * C[r + j * M];
    }
}
