using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Backprop.Performance;

/// <summary>
/// out(r, ·) = alpha · Σ_p left(r, p) · right(p, ·) + beta · out(r, ·), row by row: every row of the result is a sum of
/// contiguous rows of <c>right</c>, scaled by that row's entries of <c>left</c>, accumulated in Vector256 registers with
/// fused multiply-add. Each row of <c>left</c> is first compressed to its non-zero entries, so the work is proportional
/// to the non-zeros of <c>left</c>: MNIST images are ~80% background. A zero of left therefore meets an ∞ or NaN of
/// right as 0; a NaN or ∞ in left itself still propagates.
/// </summary>
/// <remarks>
/// <para>Left: left(r, p) = Left[r·LeftRowStep + p·LeftInnerStep]; one of the steps is 1 (column-major storage).</para>
/// <para>Right: right(p, j) = Right[p·RightStride + j], j &lt; Width (rows contiguous, possibly padded).</para>
/// <para>Out: out(r, j) = Out[r·OutRowStep + j·OutColumnStep].</para>
/// <para>LeftIsDense: keep every entry of left (no zero test, IEEE 0·NaN = NaN); two such rows share each load of right.</para>
/// </remarks>
internal readonly record struct SparseRowProduct(
    double[] Left, int LeftRowStep, int LeftInnerStep, int Rows, int Inner,
    double[] Right, int RightStride, int Width,
    double[] Out, int OutRowStep, int OutColumnStep, double Alpha, double Beta, bool LeftIsDense = false)
{
    private const int Lanes = 4;
    private const int Block = 4 * Lanes;

    /// <summary>Rows of the result per block: their compressed rows and sums are kept together (the sums in L1).</summary>
    public const int BlockRows = 32;

    /// <summary>Rows [from, to) of the result, in blocks of <see cref="BlockRows"/>. Thread-safe for disjoint row ranges.</summary>
    public void Run(int from, int to)
    {
        var most = Math.Min(BlockRows, to - from);
        var columns = Columns;
        var starts = ArrayPool<int>.Shared.Rent(most);
        var ends = ArrayPool<int>.Shared.Rent(most);
        var offsets = ArrayPool<int>.Shared.Rent(Math.Max(1, most * Inner));
        var values = ArrayPool<double>.Shared.Rent(Math.Max(1, most * Inner));
        var sums = ArrayPool<double>.Shared.Rent(most * columns);
        try
        {
            for (var block = from; block < to; block += BlockRows)
                RunBlock(block, Math.Min(to, block + BlockRows), columns, starts, ends, offsets, values, sums);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(starts);
            ArrayPool<int>.Shared.Return(ends);
            ArrayPool<int>.Shared.Return(offsets);
            ArrayPool<double>.Shared.Return(values);
            ArrayPool<double>.Shared.Return(sums);
        }
    }

    private void RunBlock(int from, int to, int columns, int[] starts, int[] ends, int[] offsets, double[] values, double[] sums)
    {
        var count = to - from;
        Compress(from, to, starts, ends, offsets, values);
        sums.AsSpan(0, count * columns).Clear();
        // When right is larger than the L1 cache, walk it in slabs of rows that fit, all rows of the block per slab:
        // every row of right loaded from L2 then serves the whole block instead of a single row of left.
        var slab = Math.Max(1, L1Slab / (RightStride * sizeof(double)));
        if (slab >= Inner || count < 4 || (long)Inner * RightStride * sizeof(double) <= L2Resident
            || count * columns * sizeof(double) > L1Slab) slab = Inner;
        for (var p0 = 0; p0 < Inner; p0 += slab)
        {
            var p1 = Math.Min(Inner, p0 + slab);
            var limit = (long)p1 * RightStride;
            for (var i = 0; i < count; i++)
            {
                var q0 = starts[i];
                var q1 = q0;
                while (q1 < ends[i] && offsets[q1] < limit) q1++;
                starts[i] = q1;
                if (q1 == q0) continue;
                // Two dense rows (dout, W1) share their positions: one load of right then serves both.
                if (q1 - q0 == p1 - p0 && i + 1 < count && ends[i + 1] - starts[i + 1] >= p1 - p0
                    && offsets[starts[i + 1] + (p1 - p0) - 1] == offsets[q1 - 1] && offsets[starts[i + 1]] == offsets[q0])
                {
                    var q = starts[i + 1];
                    starts[i + 1] = q + (q1 - q0);
                    AccumulatePair(offsets.AsSpan(q0, q1 - q0), values.AsSpan(q0, q1 - q0), values.AsSpan(q, q1 - q0),
                        sums.AsSpan(i * columns, columns), sums.AsSpan((i + 1) * columns, columns));
                    i++;
                    continue;
                }
                Accumulate(offsets.AsSpan(q0, q1 - q0), values.AsSpan(q0, q1 - q0), sums.AsSpan(i * columns, columns));
            }
        }
        for (var i = 0; i < count; i++) Store(from + i, sums.AsSpan(i * columns, columns));
    }

    // Bytes of right processed per slab: about half of a 32 KB L1 data cache, leaving room for the sums.
    private const int L1Slab = 16 * 1024;

    // A right operand this small stays close enough to the core that slabs cost more (reloading sums) than they save;
    // so do sums too large for L1 (wide results such as dout·W1ᵀ, 784 columns), which every slab would reload from L2.
    private const int L2Resident = 64 * 1024;

    // Columns computed: packed rows are padded with zeros to whole vectors, and computing the padding is cheaper than
    // a scalar tail; unpacked rows (stride = width) are computed exactly.
    private int Columns
    {
        get
        {
            var padded = (Width + Lanes - 1) / Lanes * Lanes;
            return RightStride >= padded ? padded : Width;
        }
    }

    // Compressed rows: row r's non-zeros are offsets/values[starts[r−from] … ends[r−from]), offsets already multiplied
    // by RightStride. Reads left in its storage order: along a row when rows are contiguous, otherwise column by column,
    // never with a large stride. Four values are tested at once: MNIST background comes in runs, so a group of four
    // zeros is the common, well-predicted case, where testing value by value mispredicts a branch at every edge.
    private void Compress(int from, int to, int[] starts, int[] ends, int[] offsets, double[] values)
    {
        var left = Left;
        var count = to - from;
        var inner = Inner;
        var rightStride = RightStride;
        for (var i = 0; i < count; i++) starts[i] = ends[i] = i * inner;
        if (LeftIsDense)
        {
            // Nothing to skip (dout, W1): every position is kept, so no test per value; rows are copied as they lie.
            for (var i = 0; i < count; i++)
            {
                var at = starts[i];
                for (var p = 0; p < inner; p++) offsets[at + p] = p * rightStride;
                if (LeftInnerStep == 1) left.AsSpan((from + i) * LeftRowStep, inner).CopyTo(values.AsSpan(at));
                ends[i] = at + inner;
            }
            if (LeftInnerStep != 1)
                for (var p = 0; p < inner; p++)
                {
                    var column = left.AsSpan(from + p * LeftInnerStep, count);
                    for (var i = 0; i < column.Length; i++) values[i * inner + p] = column[i];
                }
            return;
        }
        if (LeftInnerStep == 1)
        {
            for (var i = 0; i < count; i++)
            {
                var row = left.AsSpan((from + i) * LeftRowStep, inner);
                var n = starts[i];
                var p = 0;
                if (Vector256.IsHardwareAccelerated)
                    for (; p + Lanes <= row.Length; p += Lanes)
                    {
                        var nonZero = NonZeroMask(row, p);
                        for (; nonZero != 0; nonZero &= nonZero - 1)
                        {
                            var at = p + BitOperations.TrailingZeroCount(nonZero);
                            offsets[n] = at * rightStride;
                            values[n++] = row[at];
                        }
                    }
                for (; p < row.Length; p++)
                {
                    if (row[p] == 0) continue;
                    offsets[n] = p * rightStride;
                    values[n++] = row[p];
                }
                ends[i] = n;
            }
            return;
        }
        // LeftRowStep == 1: left(r, p) = Left[r + p·LeftInnerStep], so each column of the block is contiguous.
        for (var p = 0; p < inner; p++)
        {
            var column = left.AsSpan(from + p * LeftInnerStep, count);
            var offset = p * rightStride;
            var i = 0;
            if (Vector256.IsHardwareAccelerated)
                for (; i + Lanes <= column.Length; i += Lanes)
                {
                    var nonZero = NonZeroMask(column, i);
                    for (; nonZero != 0; nonZero &= nonZero - 1)
                    {
                        var r = i + BitOperations.TrailingZeroCount(nonZero);
                        var at = ends[r]++;
                        offsets[at] = offset;
                        values[at] = column[r];
                    }
                }
            for (; i < column.Length; i++)
            {
                if (column[i] == 0) continue;
                var at = ends[i]++;
                offsets[at] = offset;
                values[at] = column[i];
            }
        }
    }

    // Bit t set when values[at + t] is not 0 (NaN counts as not 0, so it propagates).
    private static uint NonZeroMask(ReadOnlySpan<double> values, int at) =>
        ~Vector256.Equals(Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(values), (nuint)at), Vector256<double>.Zero)
            .ExtractMostSignificantBits() & 0xF;

    // sums[j] += Σ_q values[q] · right(row at offsets[q], j) for every computed column j ≥ firstColumn.
    private void Accumulate(ReadOnlySpan<int> offsets, ReadOnlySpan<double> values, Span<double> sums, int firstColumn = 0)
    {
        var j = firstColumn;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; j + Block <= sums.Length; j += Block) FourVectors(offsets, values, j, sums.Slice(j, Block));
            for (; j + Lanes <= sums.Length; j += Lanes) OneVector(offsets, values, j, sums.Slice(j, Lanes));
        }
        // Columns left over (fewer than 4, or every column without vector hardware): the same sums, one by one.
        for (; j < sums.Length; j++)
        {
            var sum = sums[j];
            for (var q = 0; q < offsets.Length; q++) sum = Math.FusedMultiplyAdd(values[q], Right[offsets[q] + j], sum);
            sums[j] = sum;
        }
    }

    // Two rows with the same positions (both dense here): sums0/1 += Σ_q values0/1[q] · right row at offsets[q].
    private void AccumulatePair(ReadOnlySpan<int> offsets, ReadOnlySpan<double> values0, ReadOnlySpan<double> values1,
        Span<double> sums0, Span<double> sums1)
    {
        if (!Vector256.IsHardwareAccelerated)
        {
            Accumulate(offsets, values0, sums0);
            Accumulate(offsets, values1, sums1);
            return;
        }
        // 16 columns of two rows: 8 independent accumulators, 4 loads of right per 8 fused multiply-adds.
        var j = 0;
        for (; j + Block <= sums0.Length; j += Block)
        {
            var a0 = Vector256.Create<double>(sums0[j..]);
            var a1 = Vector256.Create<double>(sums0[(j + 4)..]);
            var a2 = Vector256.Create<double>(sums0[(j + 8)..]);
            var a3 = Vector256.Create<double>(sums0[(j + 12)..]);
            var b0 = Vector256.Create<double>(sums1[j..]);
            var b1 = Vector256.Create<double>(sums1[(j + 4)..]);
            var b2 = Vector256.Create<double>(sums1[(j + 8)..]);
            var b3 = Vector256.Create<double>(sums1[(j + 12)..]);
            ref var rightRef = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Right), j);
            ref var oRef = ref MemoryMarshal.GetReference(offsets);
            ref var vRef = ref MemoryMarshal.GetReference(values0);
            ref var wRef = ref MemoryMarshal.GetReference(values1);
            for (var q = 0; q < offsets.Length; q++)
            {
                ref var row = ref Unsafe.Add(ref rightRef, Unsafe.Add(ref oRef, q));
                var r0 = Vector256.LoadUnsafe(ref row);
                var r1 = Vector256.LoadUnsafe(ref row, 4);
                var r2 = Vector256.LoadUnsafe(ref row, 8);
                var r3 = Vector256.LoadUnsafe(ref row, 12);
                var v = Vector256.Create(Unsafe.Add(ref vRef, q));
                var w = Vector256.Create(Unsafe.Add(ref wRef, q));
                a0 = Vector256.FusedMultiplyAdd(v, r0, a0);
                a1 = Vector256.FusedMultiplyAdd(v, r1, a1);
                a2 = Vector256.FusedMultiplyAdd(v, r2, a2);
                a3 = Vector256.FusedMultiplyAdd(v, r3, a3);
                b0 = Vector256.FusedMultiplyAdd(w, r0, b0);
                b1 = Vector256.FusedMultiplyAdd(w, r1, b1);
                b2 = Vector256.FusedMultiplyAdd(w, r2, b2);
                b3 = Vector256.FusedMultiplyAdd(w, r3, b3);
            }
            a0.CopyTo(sums0[j..]);
            a1.CopyTo(sums0[(j + 4)..]);
            a2.CopyTo(sums0[(j + 8)..]);
            a3.CopyTo(sums0[(j + 12)..]);
            b0.CopyTo(sums1[j..]);
            b1.CopyTo(sums1[(j + 4)..]);
            b2.CopyTo(sums1[(j + 8)..]);
            b3.CopyTo(sums1[(j + 12)..]);
        }
        Accumulate(offsets, values0, sums0, j);
        Accumulate(offsets, values1, sums1, j);
    }

    // The hot loop: 16 columns, two non-zeros per step into two sets of 4 accumulators (a fused multiply-add takes 4
    // cycles, so 8 independent chains keep both FMA units busy); 8 loads and 8 multiply-adds per step.
    private void FourVectors(ReadOnlySpan<int> offsets, ReadOnlySpan<double> values, int j, Span<double> block)
    {
        var c0 = Vector256.Create<double>(block);
        var c1 = Vector256.Create<double>(block[4..]);
        var c2 = Vector256.Create<double>(block[8..]);
        var c3 = Vector256.Create<double>(block[12..]);
        Vector256<double> d0 = default, d1 = default, d2 = default, d3 = default;
        ref var rightRef = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Right), j);
        ref var oRef = ref MemoryMarshal.GetReference(offsets);
        ref var vRef = ref MemoryMarshal.GetReference(values);
        var q = 0;
        for (; q + 1 < offsets.Length; q += 2)
        {
            ref var row = ref Unsafe.Add(ref rightRef, Unsafe.Add(ref oRef, q));
            ref var next = ref Unsafe.Add(ref rightRef, Unsafe.Add(ref oRef, q + 1));
            var v = Vector256.Create(Unsafe.Add(ref vRef, q));
            var w = Vector256.Create(Unsafe.Add(ref vRef, q + 1));
            c0 = Vector256.FusedMultiplyAdd(v, Vector256.LoadUnsafe(ref row), c0);
            c1 = Vector256.FusedMultiplyAdd(v, Vector256.LoadUnsafe(ref row, 4), c1);
            c2 = Vector256.FusedMultiplyAdd(v, Vector256.LoadUnsafe(ref row, 8), c2);
            c3 = Vector256.FusedMultiplyAdd(v, Vector256.LoadUnsafe(ref row, 12), c3);
            d0 = Vector256.FusedMultiplyAdd(w, Vector256.LoadUnsafe(ref next), d0);
            d1 = Vector256.FusedMultiplyAdd(w, Vector256.LoadUnsafe(ref next, 4), d1);
            d2 = Vector256.FusedMultiplyAdd(w, Vector256.LoadUnsafe(ref next, 8), d2);
            d3 = Vector256.FusedMultiplyAdd(w, Vector256.LoadUnsafe(ref next, 12), d3);
        }
        if (q < offsets.Length)
        {
            ref var row = ref Unsafe.Add(ref rightRef, Unsafe.Add(ref oRef, q));
            var v = Vector256.Create(Unsafe.Add(ref vRef, q));
            c0 = Vector256.FusedMultiplyAdd(v, Vector256.LoadUnsafe(ref row), c0);
            c1 = Vector256.FusedMultiplyAdd(v, Vector256.LoadUnsafe(ref row, 4), c1);
            c2 = Vector256.FusedMultiplyAdd(v, Vector256.LoadUnsafe(ref row, 8), c2);
            c3 = Vector256.FusedMultiplyAdd(v, Vector256.LoadUnsafe(ref row, 12), c3);
        }
        (c0 + d0).CopyTo(block);
        (c1 + d1).CopyTo(block[4..]);
        (c2 + d2).CopyTo(block[8..]);
        (c3 + d3).CopyTo(block[12..]);
    }

    private void OneVector(ReadOnlySpan<int> offsets, ReadOnlySpan<double> values, int j, Span<double> block)
    {
        var c0 = Vector256.Create<double>(block);
        Vector256<double> c1 = default;
        ref var rightRef = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Right), j);
        var q = 0;
        // Two accumulators halve the dependency chain of fused multiply-adds.
        for (; q + 1 < offsets.Length; q += 2)
        {
            c0 = Vector256.FusedMultiplyAdd(Vector256.Create(values[q]), Vector256.LoadUnsafe(ref Unsafe.Add(ref rightRef, offsets[q])), c0);
            c1 = Vector256.FusedMultiplyAdd(Vector256.Create(values[q + 1]), Vector256.LoadUnsafe(ref Unsafe.Add(ref rightRef, offsets[q + 1])), c1);
        }
        if (q < offsets.Length)
            c0 = Vector256.FusedMultiplyAdd(Vector256.Create(values[q]), Vector256.LoadUnsafe(ref Unsafe.Add(ref rightRef, offsets[q])), c0);
        (c0 + c1).CopyTo(block);
    }

    // out(r, j) = alpha·sums[j] + beta·out(r, j) for the result's columns (padding dropped).
    private void Store(int r, ReadOnlySpan<double> sums)
    {
        var at = r * OutRowStep;
        for (var j = 0; j < Width; j++, at += OutColumnStep)
        {
            var v = Alpha == 1 ? sums[j] : Alpha * sums[j];
            Out[at] = Beta == 0 ? v : v + Beta * Out[at];
        }
    }
}
