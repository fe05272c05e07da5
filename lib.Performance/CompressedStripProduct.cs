using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Performance;

/// <summary>
/// c = alpha·op(a)·op(b) + beta·c for a mostly-zero op(a) and a narrow op(b) (the course's x·W1 and xᵀ·dout: MNIST
/// pixels, ~19% non-zero, times 50 columns). Every row of op(a) is compressed to its non-zero entries; the whole row of c
/// (up to 64 columns, or two panels of up to 32 without AVX-512's extra registers) is then summed in registers while those
/// entries pass: one broadcast pixel feeds a multiply-add per four columns, straight from a row of op(b), and the sums are
/// stored once. Only the non-zeros do any work; on the course's products the product is held back by fetching rows of
/// op(b) from L2, not by arithmetic (see benchmarks/README.md).
/// </summary>
/// <remarks>
/// <para>op(a)(r, p) = A[p + r·RowsA] when TransposeA (each row contiguous, compressed as it is needed), else
/// A[r + p·RowsA] (a block of rows compressed at once, walking each column of a once). op(b) is copied into row-major
/// panels on a 64-byte-aligned buffer, so no load straddles two cache lines (in one harness run the sums took 82–85 µs
/// from an unaligned copy, 69 µs from an aligned one). c is column-major, M×N.</para>
/// <para>Zeros of op(a) are skipped, so they meet an ∞ or NaN of op(b) as 0; a NaN or ∞ in op(a) itself propagates.</para>
/// <para>Known: the non-zeros of a, listed by whoever filled it (<see cref="KnownNonZeros"/>); then a is not searched
/// at all: its rows' lists are used as they are, and for a transposed a they are regrouped by column.</para>
/// <para>PanelVectors overrides how many sums one panel keeps (0: what the hardware holds); tests use it to run the AVX2
/// split on an AVX-512 machine.</para>
/// </remarks>
internal readonly record struct CompressedStripProduct(
    double[] A, bool TransposeA, int RowsA, int M, int K,
    double[] B, bool TransposeB, int RowsB, int N,
    double[] C, double Alpha, double Beta, CompressedRows? Known = null, int PanelVectors = 0)
{
    private const int Lanes = 4;

    /// <summary>Rows of a (not transposed) compressed together: their lists stay in L2 until they are used.</summary>
    public const int BlockRows = 64;

    // Sums one panel keeps in registers: with AVX-512's 32 vector registers 16 vectors (64 columns); with AVX2's 16, eight,
    // leaving room for the broadcast value and the loop's own.
    private static readonly int HardwarePanelVectors = Avx512F.VL.IsSupported ? 16 : 8;

    private int MaxPanelVectors => PanelVectors is > 0 and <= 16 ? PanelVectors : HardwarePanelVectors;

    // Sampled density of op(a) up to which the product beats dense products: MNIST batches are ~0.19; on a ReLU-masked
    // gradient (~0.5) it measured twice as slow as the managed dense tiles.
    internal const double MostlyZero = 0.35;

    /// <summary>
    /// Whether this product should take c = op(a)·op(b) rather than a dense product: op(a) mostly zero (sampled, or exact from
    /// known lists), op(b) narrow enough that a row of c fits a few panels, and at least a million multiply-adds to pay for
    /// compressing and packing (the layers' small products are not even sampled).
    /// </summary>
    public static bool Suits(double[] a, int m, int k, int n, CompressedRows? known) =>
        IsSupported && n <= 128 && k >= 16 && (long)m * k * n >= 1 << 20 && (known?.Density ?? Sampling.Density(a, (long)m * k)) <= MostlyZero;

    [ThreadStatic] private static AlignedBuffer? t_packed;

    /// <summary>Whether the hardware has what the product is written for (AVX2 with fused multiply-add).</summary>
    public static bool IsSupported => Vector256.IsHardwareAccelerated && Fma.IsSupported && Avx2.IsSupported;

    /// <summary>Width of a row of c in the product: N padded to whole vectors (the padding is zero in op(b)).</summary>
    public int Stride => (N + Lanes - 1) / Lanes * Lanes;

    /// <summary>All rows, on up to <paramref name="threads"/> threads (contiguous ranges of rows).</summary>
    public void Run(int threads)
    {
        var packed = t_packed ??= new AlignedBuffer();
        var right = packed.Rent(K * Stride);
        var panels = Panels();
        Pack(right, packed.Offset, panels);
        var offset = packed.Offset;
        // Rows of op(a) already listed: a's own rows, or for op(a) = aᵀ the lists regrouped by column (before any split).
        (int[] Counts, int[] Indices, double[] Values)? listed = Known is null ? null
            : TransposeA ? Known.ByColumn() : (null!, Known.Columns, Known.Values);
        var blocks = (M + BlockRows - 1) / BlockRows;
        if (threads <= 1 || blocks < 2)
        {
            RunRows(right, offset, panels, 0, M, listed);
            return;
        }
        var perTask = (blocks + threads - 1) / threads * BlockRows;
        var product = this;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads },
            t => product.RunRows(right, offset, panels, Math.Min(product.M, t * perTask), Math.Min(product.M, (t + 1) * perTask), listed));
    }

    // Panel q covers the columns [First, First + 4·Vectors) and holds row p of op(b) at Start + p·4·Vectors. Vectors are
    // shared out evenly: N = 50 is 13 vectors, one panel with AVX-512 and 7 + 6 without. Worked out once per product, not
    // once per row.
    private (int First, int Vectors, int Start)[] Panels()
    {
        var vectors = Stride / Lanes;
        var count = (vectors + MaxPanelVectors - 1) / MaxPanelVectors;
        int per = vectors / count, extra = vectors % count;
        var panels = new (int First, int Vectors, int Start)[count];
        for (var q = 0; q < count; q++)
        {
            var first = q * per + Math.Min(q, extra);
            panels[q] = (first * Lanes, per + (q < extra ? 1 : 0), first * Lanes * K);
        }
        return panels;
    }

    // op(b) into the panels at right[offset...]; columns past N are zero.
    private void Pack(double[] right, int offset, (int First, int Vectors, int Start)[] panels)
    {
        foreach (var (first, vectors, start) in panels)
        {
            var width = vectors * Lanes;
            var at = offset + start;
            if (TransposeB)
            {
                // op(b) row p is column p of b: contiguous.
                for (var p = 0; p < K; p++)
                    for (var j = first; j < first + width; j++)
                        right[at + p * width + j - first] = j < N ? B[j + p * RowsB] : 0;
                continue;
            }
            // Column-major b (p4 + 3 < K ≤ RowsB, so each load stays inside its column): four columns × four rows loaded as vectors, transposed in registers, stored as four rows; four
            // rows of the panel at a time, so the rows being written stay in L1.
            var whole = Math.Max(0, Math.Min(N, first + width) - first) / Lanes * Lanes;
            var p4 = 0;
            for (; p4 + Lanes <= K; p4 += Lanes)
                for (var j0 = first; j0 < first + whole; j0 += Lanes)
                {
                    var v0 = Vector256.LoadUnsafe(ref B[j0 * RowsB + p4]);
                    var v1 = Vector256.LoadUnsafe(ref B[(j0 + 1) * RowsB + p4]);
                    var v2 = Vector256.LoadUnsafe(ref B[(j0 + 2) * RowsB + p4]);
                    var v3 = Vector256.LoadUnsafe(ref B[(j0 + 3) * RowsB + p4]);
                    var t0 = Avx.UnpackLow(v0, v1);
                    var t1 = Avx.UnpackHigh(v0, v1);
                    var t2 = Avx.UnpackLow(v2, v3);
                    var t3 = Avx.UnpackHigh(v2, v3);
                    ref var row = ref right[at + p4 * width + j0 - first];
                    Avx.Permute2x128(t0, t2, 0x20).StoreUnsafe(ref row);
                    Avx.Permute2x128(t1, t3, 0x20).StoreUnsafe(ref row, (nuint)width);
                    Avx.Permute2x128(t0, t2, 0x31).StoreUnsafe(ref row, (nuint)(2 * width));
                    Avx.Permute2x128(t1, t3, 0x31).StoreUnsafe(ref row, (nuint)(3 * width));
                }
            for (var p = 0; p < K; p++)
                for (var j = p < p4 ? first + whole : first; j < first + width; j++)
                    right[at + p * width + j - first] = j < N ? B[p + j * RowsB] : 0;
        }
    }

    private void RunRows(double[] right, int offset, (int First, int Vectors, int Start)[] panels, int from, int to,
        (int[] Counts, int[] Indices, double[] Values)? listed)
    {
        if (from >= to) return;
        var rows = listed is not null ? to - from : TransposeA ? 1 : Math.Min(BlockRows, to - from);
        var indices = listed?.Indices ?? ArrayPool<int>.Shared.Rent(rows * K + Lanes);
        var values = listed?.Values ?? ArrayPool<double>.Shared.Rent(rows * K + Lanes);
        var counts = ArrayPool<int>.Shared.Rent(rows);
        // Four rows' sums, stored together: four values of a column of c are contiguous.
        var sums = ArrayPool<double>.Shared.Rent(Lanes * Stride);
        try
        {
            var pending = from;
            for (var r0 = from; r0 < to; r0 += rows)
            {
                var r1 = Math.Min(to, r0 + rows);
                if (listed is null && TransposeA) counts[0] = CompressRow(A.AsSpan(r0 * RowsA, K), indices, values);
                else if (listed is null) CompressColumns(r0, r1, indices, values, counts);
                for (var r = r0; r < r1; r++)
                {
                    // Where row r's list starts and how long it is; an empty list is never read.
                    var (start, count) = listed is null ? ((r - r0) * K, counts[r - r0])
                        : TransposeA ? (r * K, listed.Value.Counts[r])
                        : (Known!.First[r], Known.End[r] - Known.First[r]);
                    ref var index = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(indices), start);
                    ref var value = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(values), start);
                    var at = (r - pending) * Stride;
                    foreach (var (first, vectors, panelStart) in panels)
                        SumRow(vectors, ref right[offset + panelStart], vectors * Lanes, ref index, ref value, count, ref sums[at + first]);
                    if (r + 1 - pending < Lanes) continue;
                    StoreFour(sums, pending);
                    pending = r + 1;
                }
            }
            for (var r = pending; r < to; r++) Store(sums, (r - pending) * Stride, r);
        }
        finally
        {
            if (listed is null)
            {
                ArrayPool<int>.Shared.Return(indices);
                ArrayPool<double>.Shared.Return(values);
            }
            ArrayPool<int>.Shared.Return(counts);
            ArrayPool<double>.Shared.Return(sums);
        }
    }

    // One contiguous row into (index, value) lists; returns the count. Without a branch per group (MNIST's ragged strokes
    // defeat the branch predictor): the non-zero lanes of four values are moved to the front by a permutation looked up
    // from their mask, all four are stored, and the count moves past the non-zeros only. The lists need Lanes − 1 spare
    // places at the end.
    private static int CompressRow(ReadOnlySpan<double> row, int[] indices, double[] values)
    {
        ref var index = ref MemoryMarshal.GetArrayDataReference(indices);
        ref var value = ref MemoryMarshal.GetArrayDataReference(values);
        ref var source = ref MemoryMarshal.GetReference(row);
        ref var permutations = ref MemoryMarshal.GetArrayDataReference(FrontPermutations);
        ref var lanes = ref MemoryMarshal.GetArrayDataReference(FrontLanes);
        var count = 0;
        var p = 0;
        for (; p + Lanes <= row.Length; p += Lanes)
        {
            var four = Vector256.LoadUnsafe(ref source, (nuint)p);
            var nonZero = NonZeroLanes(four);
            Avx2.PermuteVar8x32(four.AsSingle(), Unsafe.Add(ref permutations, nonZero)).AsDouble()
                .StoreUnsafe(ref Unsafe.Add(ref value, count));
            (Vector128.Create(p) + Unsafe.Add(ref lanes, nonZero)).StoreUnsafe(ref Unsafe.Add(ref index, count));
            count += BitOperations.PopCount(nonZero);
        }
        for (; p < row.Length; p++)
        {
            var v = Unsafe.Add(ref source, p);
            if (v == 0) continue;
            Unsafe.Add(ref index, count) = p;
            Unsafe.Add(ref value, count++) = v;
        }
        return count;
    }

    // For each 4-bit mask of non-zero lanes: the lanes listed in order (then the rest, whose values are overwritten later),
    // as a permutation of the eight floats that make up four doubles, and as lane numbers.
    private static readonly Vector256<int>[] FrontPermutations = BuildFront(l => Vector256.Create(2 * l[0], 2 * l[0] + 1,
        2 * l[1], 2 * l[1] + 1, 2 * l[2], 2 * l[2] + 1, 2 * l[3], 2 * l[3] + 1));
    private static readonly Vector128<int>[] FrontLanes = BuildFront(l => Vector128.Create(l[0], l[1], l[2], l[3]));

    private static T[] BuildFront<T>(Func<int[], T> make) =>
        Enumerable.Range(0, 1 << Lanes).Select(mask =>
        {
            var listed = Enumerable.Range(0, Lanes).Where(l => (mask >> l & 1) != 0);
            return make([.. listed, .. Enumerable.Range(0, Lanes).Except(listed)]);
        }).ToArray();

    // Rows r0..r1 of a column-major a into lists at (r − r0)·K. Four rows at a time, walking down their columns: the
    // four counts stay in registers and each list is written sequentially (a count per row in memory, updated for every
    // column, made this twice as slow).
    private void CompressColumns(int r0, int r1, int[] indices, double[] values, int[] counts)
    {
        ref var index = ref MemoryMarshal.GetArrayDataReference(indices);
        ref var value = ref MemoryMarshal.GetArrayDataReference(values);
        var g = r0;
        for (; g + Lanes <= r1; g += Lanes)
        {
            ref var i0 = ref Unsafe.Add(ref index, (g - r0) * K);
            ref var v0 = ref Unsafe.Add(ref value, (g - r0) * K);
            ref var i1 = ref Unsafe.Add(ref i0, K);
            ref var v1 = ref Unsafe.Add(ref v0, K);
            ref var i2 = ref Unsafe.Add(ref i1, K);
            ref var v2 = ref Unsafe.Add(ref v1, K);
            ref var i3 = ref Unsafe.Add(ref i2, K);
            ref var v3 = ref Unsafe.Add(ref v2, K);
            int c0 = 0, c1 = 0, c2 = 0, c3 = 0;
            ref var four = ref A[g];
            for (var p = 0; p < K; p++)
            {
                var v = Vector256.LoadUnsafe(ref four, (nuint)p * (nuint)RowsA);
                var nonZero = NonZeroLanes(v);
                if (nonZero == 0) continue;
                Unsafe.Add(ref i0, c0) = p;
                Unsafe.Add(ref v0, c0) = v.GetElement(0);
                c0 += (int)nonZero & 1;
                Unsafe.Add(ref i1, c1) = p;
                Unsafe.Add(ref v1, c1) = v.GetElement(1);
                c1 += (int)(nonZero >> 1) & 1;
                Unsafe.Add(ref i2, c2) = p;
                Unsafe.Add(ref v2, c2) = v.GetElement(2);
                c2 += (int)(nonZero >> 2) & 1;
                Unsafe.Add(ref i3, c3) = p;
                Unsafe.Add(ref v3, c3) = v.GetElement(3);
                c3 += (int)(nonZero >> 3) & 1;
            }
            counts[g - r0] = c0;
            counts[g - r0 + 1] = c1;
            counts[g - r0 + 2] = c2;
            counts[g - r0 + 3] = c3;
        }
        for (; g < r1; g++)
        {
            var count = 0;
            for (var p = 0; p < K; p++)
            {
                var v = A[g + p * RowsA];
                if (v == 0) continue;
                indices[(g - r0) * K + count] = p;
                values[(g - r0) * K + count++] = v;
            }
            counts[g - r0] = count;
        }
    }

    // Bit l set where lane l is not zero (NaN included).
    private static uint NonZeroLanes(Vector256<double> four) =>
        ~Vector256.Equals(four, Vector256<double>.Zero).ExtractMostSignificantBits() & 0xF;

    // The JIT compiles one copy of Sum per width, each with exactly that many sums in registers.
    private static void SumRow(int vectors, ref double panel, int width, ref int index, ref double value, int count, ref double sums)
    {
        switch (vectors)
        {
            case 1: Sum<V1>(ref panel, width, ref index, ref value, count, ref sums); break;
            case 2: Sum<V2>(ref panel, width, ref index, ref value, count, ref sums); break;
            case 3: Sum<V3>(ref panel, width, ref index, ref value, count, ref sums); break;
            case 4: Sum<V4>(ref panel, width, ref index, ref value, count, ref sums); break;
            case 5: Sum<V5>(ref panel, width, ref index, ref value, count, ref sums); break;
            case 6: Sum<V6>(ref panel, width, ref index, ref value, count, ref sums); break;
            case 7: Sum<V7>(ref panel, width, ref index, ref value, count, ref sums); break;
            case 8: Sum<V8>(ref panel, width, ref index, ref value, count, ref sums); break;
            case 9: Sum<V9>(ref panel, width, ref index, ref value, count, ref sums); break;
            case 10: Sum<V10>(ref panel, width, ref index, ref value, count, ref sums); break;
            case 11: Sum<V11>(ref panel, width, ref index, ref value, count, ref sums); break;
            case 12: Sum<V12>(ref panel, width, ref index, ref value, count, ref sums); break;
            case 13: Sum<V13>(ref panel, width, ref index, ref value, count, ref sums); break;
            case 14: Sum<V14>(ref panel, width, ref index, ref value, count, ref sums); break;
            case 15: Sum<V15>(ref panel, width, ref index, ref value, count, ref sums); break;
            default: Sum<V16>(ref panel, width, ref index, ref value, count, ref sums); break;
        }
    }

    // sums[0 .. 4·TV) = Σ_q value[q] · panel row index[q]. Each sum is its own chain of multiply-adds: with six or more
    // vectors there are enough independent chains to hide the multiply-add's latency.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Sum<TV>(ref double panel, int width, ref int index, ref double value, int count, ref double sums)
        where TV : struct, IVectorCount
    {
        Vector256<double> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
        Vector256<double> s8 = default, s9 = default, s10 = default, s11 = default, s12 = default, s13 = default, s14 = default, s15 = default;
        for (var q = 0; q < count; q++)
        {
            var u = Vector256.Create(Unsafe.Add(ref value, q));
            ref var row = ref Unsafe.Add(ref panel, Unsafe.Add(ref index, q) * width);
            s0 = Fma.MultiplyAdd(u, Vector256.LoadUnsafe(ref row), s0);
            if (TV.Count > 1) s1 = Fma.MultiplyAdd(u, Vector256.LoadUnsafe(ref row, 4), s1);
            if (TV.Count > 2) s2 = Fma.MultiplyAdd(u, Vector256.LoadUnsafe(ref row, 8), s2);
            if (TV.Count > 3) s3 = Fma.MultiplyAdd(u, Vector256.LoadUnsafe(ref row, 12), s3);
            if (TV.Count > 4) s4 = Fma.MultiplyAdd(u, Vector256.LoadUnsafe(ref row, 16), s4);
            if (TV.Count > 5) s5 = Fma.MultiplyAdd(u, Vector256.LoadUnsafe(ref row, 20), s5);
            if (TV.Count > 6) s6 = Fma.MultiplyAdd(u, Vector256.LoadUnsafe(ref row, 24), s6);
            if (TV.Count > 7) s7 = Fma.MultiplyAdd(u, Vector256.LoadUnsafe(ref row, 28), s7);
            if (TV.Count > 8) s8 = Fma.MultiplyAdd(u, Vector256.LoadUnsafe(ref row, 32), s8);
            if (TV.Count > 9) s9 = Fma.MultiplyAdd(u, Vector256.LoadUnsafe(ref row, 36), s9);
            if (TV.Count > 10) s10 = Fma.MultiplyAdd(u, Vector256.LoadUnsafe(ref row, 40), s10);
            if (TV.Count > 11) s11 = Fma.MultiplyAdd(u, Vector256.LoadUnsafe(ref row, 44), s11);
            if (TV.Count > 12) s12 = Fma.MultiplyAdd(u, Vector256.LoadUnsafe(ref row, 48), s12);
            if (TV.Count > 13) s13 = Fma.MultiplyAdd(u, Vector256.LoadUnsafe(ref row, 52), s13);
            if (TV.Count > 14) s14 = Fma.MultiplyAdd(u, Vector256.LoadUnsafe(ref row, 56), s14);
            if (TV.Count > 15) s15 = Fma.MultiplyAdd(u, Vector256.LoadUnsafe(ref row, 60), s15);
        }
        s0.StoreUnsafe(ref sums);
        if (TV.Count > 1) s1.StoreUnsafe(ref sums, 4);
        if (TV.Count > 2) s2.StoreUnsafe(ref sums, 8);
        if (TV.Count > 3) s3.StoreUnsafe(ref sums, 12);
        if (TV.Count > 4) s4.StoreUnsafe(ref sums, 16);
        if (TV.Count > 5) s5.StoreUnsafe(ref sums, 20);
        if (TV.Count > 6) s6.StoreUnsafe(ref sums, 24);
        if (TV.Count > 7) s7.StoreUnsafe(ref sums, 28);
        if (TV.Count > 8) s8.StoreUnsafe(ref sums, 32);
        if (TV.Count > 9) s9.StoreUnsafe(ref sums, 36);
        if (TV.Count > 10) s10.StoreUnsafe(ref sums, 40);
        if (TV.Count > 11) s11.StoreUnsafe(ref sums, 44);
        if (TV.Count > 12) s12.StoreUnsafe(ref sums, 48);
        if (TV.Count > 13) s13.StoreUnsafe(ref sums, 52);
        if (TV.Count > 14) s14.StoreUnsafe(ref sums, 56);
        if (TV.Count > 15) s15.StoreUnsafe(ref sums, 60);
    }

    // c(r, j) = alpha·sums[at + j] + beta·c(r, j); beta = 0 does not read c (it may hold NaN).
    private void Store(double[] sums, int at, int r)
    {
        if (Beta == 0)
            for (var j = 0; j < N; j++) C[r + j * M] = Alpha * sums[at + j];
        else
            for (var j = 0; j < N; j++) C[r + j * M] = Alpha * sums[at + j] + Beta * C[r + j * M];
    }

    // Rows r..r+3 of c from four rows of sums: each 4×4 block transposed in registers and stored as four columns.
    private void StoreFour(double[] sums, int r)
    {
        var alpha = Vector256.Create(Alpha);
        var beta = Vector256.Create(Beta);
        var j = 0;
        for (; j + Lanes <= N; j += Lanes)
        {
            var v0 = Vector256.LoadUnsafe(ref sums[j]);
            var v1 = Vector256.LoadUnsafe(ref sums[Stride + j]);
            var v2 = Vector256.LoadUnsafe(ref sums[2 * Stride + j]);
            var v3 = Vector256.LoadUnsafe(ref sums[3 * Stride + j]);
            var t0 = Avx.UnpackLow(v0, v1);
            var t1 = Avx.UnpackHigh(v0, v1);
            var t2 = Avx.UnpackLow(v2, v3);
            var t3 = Avx.UnpackHigh(v2, v3);
            StoreColumn(Avx.Permute2x128(t0, t2, 0x20), alpha, beta, r + j * M);
            StoreColumn(Avx.Permute2x128(t1, t3, 0x20), alpha, beta, r + (j + 1) * M);
            StoreColumn(Avx.Permute2x128(t0, t2, 0x31), alpha, beta, r + (j + 2) * M);
            StoreColumn(Avx.Permute2x128(t1, t3, 0x31), alpha, beta, r + (j + 3) * M);
        }
        for (; j < N; j++)
            for (var l = 0; l < Lanes; l++)
                C[r + l + j * M] = Beta == 0 ? Alpha * sums[l * Stride + j] : Alpha * sums[l * Stride + j] + Beta * C[r + l + j * M];
    }

    private void StoreColumn(Vector256<double> four, Vector256<double> alpha, Vector256<double> beta, int at)
    {
        var target = C.AsSpan(at, Lanes);
        var result = Beta == 0 ? alpha * four : alpha * four + beta * Vector256.Create<double>(target);
        result.CopyTo(target);
    }
}
