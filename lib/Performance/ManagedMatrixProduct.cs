using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using MathNet.Numerics.Providers.LinearAlgebra;

namespace Backprop.Performance;

/// <summary>
/// A vectorised managed matrix product for the course's shapes (100×784 by 784×50 and friends).
/// Each row of the result is built as a sum of rows of op(b), scaled by that row's entries of op(a), in Vector256
/// registers with fused multiply-add. Rows of op(a) are taken two at a time so every loaded vector of b serves two
/// rows, and an entry pair of op(a) that is zero is skipped: MNIST images are about 80% background, so x·W1 and
/// xᵀ·dout do a fifth of the work a dense product (BLAS included) does. Skipping means a 0 in a meets an ∞ or NaN
/// in b as 0, not NaN; a NaN or ∞ in a itself still propagates.
/// </summary>
internal sealed class ManagedMatrixProduct : IMatrixProduct
{
    private const int Lanes = 4;                       // doubles per Vector256
    private const int BlockVectors = 4;                // result columns per register block: 4 vectors = 16 columns
    private const int BlockColumns = Lanes * BlockVectors;
    // Below this many multiply-adds a second thread costs more than it saves.
    private const long ParallelThreshold = 1_500_000;

    public ManagedMatrixProduct(int threads) => Threads = Math.Max(1, threads);

    /// <summary>Threads a large product is split across (rows of the result are divided between them).</summary>
    public int Threads { get; }

    public static bool IsVectorised => Vector256.IsHardwareAccelerated;

    public string Description =>
        IsVectorised
            ? $"managed, Vector256{(Fma.IsSupported ? " AVX2+FMA" : "")}{(Avx512F.IsSupported ? " (AVX-512 CPU)" : "")}, zero-skipping, {Threads} thread{(Threads == 1 ? "" : "s")}"
            : $"managed, scalar (no 256-bit vector hardware), zero-skipping, {Threads} thread{(Threads == 1 ? "" : "s")}";

    public void Multiply(Transpose transposeA, Transpose transposeB, double alpha, double[] a, int rowsA, int columnsA,
        double[] b, int rowsB, int columnsB, double beta, double[] c)
    {
        var tA = transposeA != Transpose.DontTranspose;
        var tB = transposeB != Transpose.DontTranspose;
        var m = tA ? columnsA : rowsA;
        var k = tA ? rowsA : columnsA;
        var n = tB ? rowsB : columnsB;
        if ((tB ? columnsB : rowsB) != k)
            throw new ArgumentException($"Matrix product: op(a) is {m}×{k} but op(b) is {(tB ? columnsB : rowsB)}×{n} (inner sizes differ).");
        if (c.Length < (long)m * n)
            throw new ArgumentException($"Matrix product: the result array holds {c.Length} values, {m}×{n} = {(long)m * n} needed.");
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0)
        {
            for (var i = 0; i < m * n; i++) c[i] = beta == 0 ? 0 : beta * c[i];
            return;
        }

        // The kernel skips zero entries of its left operand and writes rows of its result. Computing Cᵀ = op(b)ᵀ·op(a)ᵀ
        // instead writes columns of c, contiguous in column-major storage; that is the better choice unless op(a) is
        // clearly the sparser side (x in x·W1 and xᵀ·dout: MNIST background).
        var swap = Density(b, (long)k * n) > 0.5 * Density(a, (long)m * k);
        // The kernel's problem: left (rows × inner) times right (inner × columns), right packed row by row.
        var rows = swap ? n : m;
        var columns = swap ? m : n;
        var stride = (columns + Lanes - 1) / Lanes * Lanes;
        var packed = ArrayPool<double>.Shared.Rent(k * stride);
        // A result that shares storage with an input is computed aside, so no input is overwritten while still needed.
        var aliased = ReferenceEquals(c, a) || ReferenceEquals(c, b);
        var target = aliased ? new double[m * n] : c;
        try
        {
            int rowStep, innerStep;
            if (!swap)
            {
                // left(i, p) = op(a)(i, p) = a[i·rowStep + p·innerStep]; right = op(b), row p = op(b)(p, ·)
                (rowStep, innerStep) = tA ? (rowsA, 1) : (1, rowsA);
                Pack(b, rowsB, contiguous: tB, k, n, packed, stride);
            }
            else
            {
                // left(j, p) = op(b)(p, j); right row p = op(a)(·, p)
                (rowStep, innerStep) = tB ? (1, rowsB) : (rowsB, 1);
                Pack(a, rowsA, contiguous: !tA, k, m, packed, stride);
            }
            // Result (i, j) of the kernel's problem is c(i, j), or c(j, i) when swapped.
            var (cRow, cColumn) = swap ? (m, 1) : (1, m);
            var job = new Job(swap ? b : a, rowStep, innerStep, packed, stride, target, cRow, cColumn, columns, k,
                alpha, aliased ? 0 : beta);
            var pairs = (rows + 1) / 2;
            var threads = (long)m * n * k >= ParallelThreshold ? Math.Min(Threads, pairs) : 1;
            if (threads == 1) job.Rows(0, rows);
            else
            {
                var perThread = (pairs + threads - 1) / threads * 2;
                Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads },
                    t => job.Rows(t * perThread, Math.Min(rows, (t + 1) * perThread)));
            }
            if (aliased)
                for (var i = 0; i < m * n; i++) c[i] = beta == 0 ? target[i] : target[i] + beta * c[i];
        }
        finally
        {
            ArrayPool<double>.Shared.Return(packed);
        }
    }

    // The fraction of non-zero values among up to ~1,000 evenly spaced samples of the first `count` values.
    private static double Density(double[] values, long count)
    {
        var step = Math.Max(1, (int)(count / 1024));
        int seen = 0, nonZero = 0;
        for (long i = 0; i < count; i += step, seen++) if (values[i] != 0) nonZero++;
        return seen == 0 ? 0 : (double)nonZero / seen;
    }

    // packed[p·stride + j] = M(p, j) for the p×width operand M stored in `source` with `leading` rows: either
    // M(p, j) = source[j + p·leading] (row p contiguous) or source[p + j·leading]. Rows are padded with zeros.
    private static void Pack(double[] source, int leading, bool contiguous, int k, int width, double[] packed, int stride)
    {
        for (var p = 0; p < k; p++)
        {
            var row = packed.AsSpan(p * stride, stride);
            if (contiguous) source.AsSpan(p * leading, width).CopyTo(row);
            else for (var j = 0; j < width; j++) row[j] = source[j * leading + p];
            row[width..].Clear();
        }
    }

    private sealed class Job(double[] a, int rowStep, int innerStep, double[] packed, int stride, double[] c,
        int cRow, int cColumn, int n, int k, double alpha, double beta)
    {
        public void Rows(int from, int to)
        {
            // Rows of op(a) two at a time, first compressed to the inner positions where either row is non-zero.
            var offsets = ArrayPool<int>.Shared.Rent(k);
            var values = ArrayPool<double>.Shared.Rent(2 * k);
            Span<double> block = stackalloc double[2 * BlockColumns];
            try
            {
                for (var i = from; i < to; i += 2)
                {
                    var pair = i + 1 < to;
                    var count = Compress(i, pair, offsets, values);
                    for (var j0 = 0; j0 < stride;)
                    {
                        var width = IsVectorised ? (stride - j0 >= BlockColumns ? BlockColumns : Lanes) : Math.Min(BlockColumns, stride - j0);
                        if (!IsVectorised) Scalar(offsets, values, count, j0, width, block);
                        else if (width == BlockColumns) FourVectors(offsets, values, count, j0, block);
                        else OneVector(offsets, values, count, j0, block);
                        Store(i, j0, width, block[..BlockColumns]);
                        if (pair) Store(i + 1, j0, width, block[BlockColumns..]);
                        j0 += width;
                    }
                }
            }
            finally
            {
                ArrayPool<int>.Shared.Return(offsets);
                ArrayPool<double>.Shared.Return(values);
            }
        }

        // offsets[q] = where row p of packed b starts; values[2q], values[2q+1] = op(a)(i, p), op(a)(i+1, p).
        private int Compress(int i, bool pair, int[] offsets, double[] values)
        {
            var count = 0;
            var a0 = i * rowStep;
            var a1 = pair ? a0 + rowStep : -1;
            for (var p = 0; p < k; p++)
            {
                var x0 = a[a0 + p * innerStep];
                var x1 = pair ? a[a1 + p * innerStep] : 0.0;
                if (x0 == 0 && x1 == 0) continue;
                offsets[count] = p * stride;
                values[2 * count] = x0;
                values[2 * count + 1] = x1;
                count++;
            }
            return count;
        }

        // The hot loop: 8 accumulators (2 rows × 16 columns), 4 loads of b and 8 fused multiply-adds per step.
        private void FourVectors(int[] offsets, double[] values, int count, int j0, Span<double> block)
        {
            Vector256<double> r0c0 = default, r0c1 = default, r0c2 = default, r0c3 = default;
            Vector256<double> r1c0 = default, r1c1 = default, r1c2 = default, r1c3 = default;
            ref var bRef = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(packed), j0);
            ref var oRef = ref MemoryMarshal.GetArrayDataReference(offsets);
            ref var vRef = ref MemoryMarshal.GetArrayDataReference(values);
            for (var q = 0; q < count; q++)
            {
                ref var row = ref Unsafe.Add(ref bRef, Unsafe.Add(ref oRef, q));
                var b0 = Vector256.LoadUnsafe(ref row);
                var b1 = Vector256.LoadUnsafe(ref row, 4);
                var b2 = Vector256.LoadUnsafe(ref row, 8);
                var b3 = Vector256.LoadUnsafe(ref row, 12);
                var v0 = Vector256.Create(Unsafe.Add(ref vRef, 2 * q));
                var v1 = Vector256.Create(Unsafe.Add(ref vRef, 2 * q + 1));
                r0c0 = Vector256.FusedMultiplyAdd(v0, b0, r0c0);
                r0c1 = Vector256.FusedMultiplyAdd(v0, b1, r0c1);
                r0c2 = Vector256.FusedMultiplyAdd(v0, b2, r0c2);
                r0c3 = Vector256.FusedMultiplyAdd(v0, b3, r0c3);
                r1c0 = Vector256.FusedMultiplyAdd(v1, b0, r1c0);
                r1c1 = Vector256.FusedMultiplyAdd(v1, b1, r1c1);
                r1c2 = Vector256.FusedMultiplyAdd(v1, b2, r1c2);
                r1c3 = Vector256.FusedMultiplyAdd(v1, b3, r1c3);
            }
            r0c0.CopyTo(block); r0c1.CopyTo(block[4..]); r0c2.CopyTo(block[8..]); r0c3.CopyTo(block[12..]);
            r1c0.CopyTo(block[16..]); r1c1.CopyTo(block[20..]); r1c2.CopyTo(block[24..]); r1c3.CopyTo(block[28..]);
        }

        // The last 4 padded columns when the width is not a multiple of 16.
        private void OneVector(int[] offsets, double[] values, int count, int j0, Span<double> block)
        {
            Vector256<double> r0 = default, r1 = default;
            ref var bRef = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(packed), j0);
            for (var q = 0; q < count; q++)
            {
                var b0 = Vector256.LoadUnsafe(ref Unsafe.Add(ref bRef, offsets[q]));
                r0 = Vector256.FusedMultiplyAdd(Vector256.Create(values[2 * q]), b0, r0);
                r1 = Vector256.FusedMultiplyAdd(Vector256.Create(values[2 * q + 1]), b0, r1);
            }
            r0.CopyTo(block);
            r1.CopyTo(block[BlockColumns..]);
        }

        // Machines without 256-bit vectors: the same sums, element by element.
        private void Scalar(int[] offsets, double[] values, int count, int j0, int width, Span<double> block)
        {
            block.Clear();
            for (var q = 0; q < count; q++)
            {
                var row = packed.AsSpan(offsets[q] + j0, width);
                for (var j = 0; j < width; j++)
                {
                    block[j] = Math.FusedMultiplyAdd(values[2 * q], row[j], block[j]);
                    block[BlockColumns + j] = Math.FusedMultiplyAdd(values[2 * q + 1], row[j], block[BlockColumns + j]);
                }
            }
        }

        // Result row i, columns j0…, at c[i·cRow + j·cColumn]. Padding columns are dropped.
        private void Store(int i, int j0, int width, ReadOnlySpan<double> values)
        {
            var last = Math.Min(n, j0 + width);
            for (var j = j0; j < last; j++)
            {
                ref var target = ref c[i * cRow + j * cColumn];
                var v = alpha == 1 ? values[j - j0] : alpha * values[j - j0];
                target = beta == 0 ? v : v + beta * target;
            }
        }
    }
}
