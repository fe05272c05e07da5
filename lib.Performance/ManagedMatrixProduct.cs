using System.Buffers;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using MathNet.Numerics.Providers.LinearAlgebra;

namespace Backprop.Performance;

/// <summary>
/// A vectorised managed matrix product for the course's shapes (100×784 by 784×50 and friends), c = alpha·op(a)·op(b)
/// + beta·c on column-major arrays. Six plans: small products take the first; the others are chosen per product by an
/// estimate of their cost:
/// <list type="bullet">
/// <item>rows: each row of c is a sum of rows of op(b) scaled by the non-zeros of that row of op(a)
/// (<see cref="SparseRowProduct"/>); op(b) is copied into row-major order first unless its rows already are contiguous
/// (b transposed). Only the non-zeros of op(a) do any work; the strips now do the same in registers.</item>
/// <item>columns: the same product on cᵀ = op(b)ᵀ·op(a)ᵀ, writing contiguous columns of c; best when op(a) is dense and
/// its columns are contiguous (dout·W1ᵀ).</item>
/// <item>dense: register-blocked 8×6 tiles (<see cref="DenseTileProduct"/>) with the sums in registers, about twice the
/// streaming products' rate; a sparse op(a) skips only the steps where all eight rows of a tile are zero. Best for
/// dout·W1ᵀ and other dense products. Single-threaded, so very large products use the other plans.</item>
/// <item>strips: each row of op(a) compressed to its non-zeros and a whole row of c summed in registers
/// (<see cref="CompressedStripProduct"/>); only where op(a) is mostly zero. Best for x·W1 and xᵀ·dout on MNIST batches.</item>
/// <item>small: products of at most <see cref="SmallProduct.MostWork"/> multiply-adds (the second layer's), computed
/// straight from the arrays with no sampling or copying (<see cref="SmallProduct"/>).</item>
/// <item>dot: a few sparse rows of op(a) dotted with the columns of b in place (<see cref="SparseDotProduct"/>), no
/// copying at all; best for tiny batches (the gradient check's 3 rows).</item>
/// </list>
/// Only products large enough to pay for it are split over threads. Zeros of the side the plan compresses are skipped,
/// so a 0 there meets an ∞ or NaN on the other side as 0; a NaN or ∞ in the compressed side itself still propagates.
/// </summary>
internal sealed class ManagedMatrixProduct : IMatrixProduct
{
    // Estimated cost (≈ CPU cycles) above which splitting over threads pays for waking them. A training batch of 100
    // (≤ 1M) stays on one thread: on a busy machine the second thread is often late, and then the product waits for it.
    private const double ParallelCost = 2_000_000;
    private const int RowsPerTask = SparseRowProduct.BlockRows;
    // Sampled density from which the left operand is treated as dense: copied as is, its zeros multiplied like any value.
    private const double DenseEnough = 0.98;

    public ManagedMatrixProduct(int threads) => Threads = Math.Max(1, threads);

    /// <summary>Threads a large product is split across (rows of the result are divided between them).</summary>
    public int Threads { get; }

    public static bool IsVectorised => Vector256.IsHardwareAccelerated;

    public string Description =>
        IsVectorised
            ? $"managed (Vector256{(Fma.IsSupported ? " AVX2+FMA" : "")}{(Avx512F.IsSupported ? ", AVX-512 CPU" : "")}, zero-skipping, {Threads} thread{(Threads == 1 ? "" : "s")})"
            : $"managed (scalar, zero-skipping, {Threads} thread{(Threads == 1 ? "" : "s")})";

    /// <summary>A plan to use whatever the estimates say ("small", "rows", "columns", "dense", "dot", "strips"), or null: tests and
    /// benchmarks compare the plans on the same product. A plan the hardware lacks (infinite cost) is never forced.</summary>
    internal string? ForcedPlan { get; set; }

    /// <summary>Sums per panel of the strips (0: what the hardware holds); tests run AVX2's split on AVX-512 machines.</summary>
    internal int StripPanelVectors { get; set; }

    /// <summary>The plan the last call chose (tests and benchmarks read it).</summary>
    public string LastPlan { get; private set; } = "";

    public void Multiply(Transpose transposeA, Transpose transposeB, double alpha, double[] a, int rowsA, int columnsA,
        double[] b, int rowsB, int columnsB, double beta, double[] c)
    {
        var tA = transposeA != Transpose.DontTranspose;
        var tB = transposeB != Transpose.DontTranspose;
        var (m, k, n) = ProductShape.Of(tA, tB, rowsA, columnsA, rowsB, columnsB, c.Length);
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0)
        {
            for (var i = 0; i < m * n; i++) c[i] = beta == 0 ? 0 : beta * c[i];
            return;
        }
        // A result that shares storage with an input is computed aside, so no input is overwritten while still needed.
        var aliased = ReferenceEquals(c, a) || ReferenceEquals(c, b);
        var target = aliased ? new double[m * n] : c;
        var targetBeta = aliased ? 0 : beta;

        // Small products first, before any sampling: for them getting ready is most of the cost.
        var small = ForcedPlan == "small" || (ForcedPlan is null && (long)m * k * n <= SmallProduct.MostWork);
        if (small && SmallProduct.Suits(tA, tB, m, k))
        {
            LastPlan = "small";
            new SmallProduct(a, tA, rowsA, m, k, b, tB, rowsB, n, target, alpha, targetBeta).Run();
        }
        else
        {
            // Costs in ≈ cycles: vector multiply-adds of 4 lanes, plus copying a strided operand (~1.5 per element) and
            // writing c with a stride (~1 per element). Densities are sampled, so a guess costs ~2,000 reads at most.
            var known = KnownNonZeros.Find(a, rowsA, tA ? m : k);
            var densityA = known?.Density ?? Sampling.Density(a, (long)m * k);
            var densityB = Sampling.Density(b, (long)k * n);
            var rowsCost = m * (k * densityA) * (n / 4.0 + (tB ? n % 4 : 0)) + (tB ? 0 : 1.5 * k * n) + m * n;
            var columnsCost = n * (k * densityB) * (m / 4.0 + (tA ? 0 : m % 4)) + (tA ? 1.5 * k * m : 0);
            var dotCost = tB ? double.PositiveInfinity : m * (k * densityA) * n * 1.2;
            // The register-blocked tiles keep their sums in registers and so run about twice as many multiply-adds per
            // cycle as the streaming products, but pad op(a) to whole 8-row tiles (wasted lanes: 3 rows measured twice as
            // slow as the dot plan, hence m ≥ 16) and copy it tile by tile (~0.25 per value, 1.5 strided, ~4 per step).
            // A sparse op(a) leaves out only the steps where a whole tile is zero: a pixel that is background in 8 images.
            var skipZeros = densityA < DenseEnough;
            var tileSteps = skipZeros ? TileStepDensity(a, tA, rowsA, m, k) : 1.0;
            var denseCost = Fma.IsSupported && IsVectorised && m >= 16
                ? (m + 7) / 8 * 8.0 * k * tileSteps * n / 8.0 + (tA ? 1.5 : 0.25) * m * k + (m + 7) / 8 * 4.0 * k
                : double.PositiveInfinity;
            if (denseCost >= ParallelCost && Threads > 1) denseCost = double.PositiveInfinity;  // it runs on one thread only
            // Strips keep a whole row of c (up to 64 columns a panel) in registers while that row's non-zeros pass: per non-zero
            // about half a cycle per vector of c (two multiply-adds per cycle), the bookkeeping of each panel, and ~3 cycles to
            // compress it; plus finding the zeros (four values per compare), copying op(b) row-major, and writing c.
            var stride = (n + 3) / 4 * 4;
            var stripCost = CompressedStripProduct.IsSupported
                ? m * (k * densityA) * (stride / 8.0 + 0.5 * ((stride + 15) / 16) + 3) + m * (double)k / 8 + (tB ? 0.3 : 1.5) * k * stride + m * n
                : double.PositiveInfinity;
            var forced = ForcedPlan switch
            {
                "dense" => denseCost,
                "dot" => dotCost,
                "rows" => rowsCost,
                "columns" => columnsCost,
                "strips" => stripCost,
                _ => double.PositiveInfinity,
            };
            // Strips only where most of op(a) is zero (images): on a half-empty dout they measured twice as slow as dense tiles.
            var stripChoice = densityA <= CompressedStripProduct.MostlyZero ? stripCost : double.PositiveInfinity;
            var cost = double.IsFinite(forced) ? forced : Math.Min(Math.Min(Math.Min(rowsCost, denseCost), Math.Min(columnsCost, dotCost)), stripChoice);

            if (cost == stripCost)
            {
                LastPlan = "strips";
                new CompressedStripProduct(a, tA, rowsA, m, k, b, tB, rowsB, n, target, alpha, targetBeta,
                        known, StripPanelVectors)
                    .Run(cost >= ParallelCost ? Threads : 1);
            }
            else if (cost == denseCost)
            {
                LastPlan = "dense";
                var (innerStep, columnStep) = tB ? (rowsB, 1) : (1, rowsB);
                new DenseTileProduct(a, tA, rowsA, m, k, b, innerStep, columnStep, n, target, alpha, targetBeta, skipZeros).Run();
            }
            else if (cost == dotCost)
            {
                LastPlan = "dot";
                var (rowStep, innerStep) = tA ? (rowsA, 1) : (1, rowsA);
                new SparseDotProduct(a, rowStep, innerStep, m, k, b, rowsB, n, target, alpha, targetBeta).Run();
            }
            else if (cost == rowsCost)
            {
                LastPlan = "rows";
                // left = op(a); right = op(b), whose row p is column p of b when b is transposed.
                var (rowStep, innerStep) = tA ? (rowsA, 1) : (1, rowsA);
                Run(a, rowStep, innerStep, m, k, b, tB, rowsB, n, target, 1, m, alpha, targetBeta, cost, densityA >= DenseEnough);
            }
            else
            {
                LastPlan = "columns";
                // cᵀ = op(b)ᵀ·op(a)ᵀ: left(j, p) = op(b)(p, j); right row p = op(a) column p, contiguous unless a is transposed.
                var (rowStep, innerStep) = tB ? (1, rowsB) : (rowsB, 1);
                Run(b, rowStep, innerStep, n, k, a, !tA, rowsA, m, target, m, 1, alpha, targetBeta, cost, densityB >= DenseEnough);
            }
        }
        if (aliased)
            for (var i = 0; i < m * n; i++) c[i] = beta == 0 ? target[i] : target[i] + beta * c[i];
    }

    // right(p, j), j < width: row p contiguous at right[p·leading] when rightRowsContiguous, else right[p + j·leading]
    // (copied into a row-major buffer, rows padded to whole vectors).
    private void Run(double[] left, int rowStep, int innerStep, int rows, int inner, double[] right, bool rightRowsContiguous,
        int leading, int width, double[] c, int cRow, int cColumn, double alpha, double beta, double cost, bool leftIsDense)
    {
        double[]? packed = null;
        var stride = leading;
        if (!rightRowsContiguous)
        {
            stride = (width + 3) / 4 * 4;
            packed = ArrayPool<double>.Shared.Rent(inner * stride);
            Pack(right, leading, inner, width, packed, stride);
        }
        try
        {
            var product = new SparseRowProduct(left, rowStep, innerStep, rows, inner, packed ?? right, stride, width,
                c, cRow, cColumn, alpha, beta, leftIsDense);
            var tasks = (rows + RowsPerTask - 1) / RowsPerTask;
            if (Threads == 1 || tasks < 2 || cost < ParallelCost)
            {
                product.Run(0, rows);
                return;
            }
            Parallel.For(0, tasks, new ParallelOptions { MaxDegreeOfParallelism = Threads },
                t => product.Run(t * RowsPerTask, Math.Min(rows, (t + 1) * RowsPerTask)));
        }
        finally
        {
            if (packed is not null) ArrayPool<double>.Shared.Return(packed);
        }
    }

    // The fraction of (8-row tile, inner step) pairs of op(a) with a non-zero among its eight values, from up to ~256
    // evenly spaced samples: the share of the work the dense tiles keep when they skip zero steps.
    private static double TileStepDensity(double[] a, bool tA, int rowsA, int m, int k)
    {
        var tiles = (m + 7) / 8;
        var total = (long)tiles * k;
        var step = Math.Max(1, total / 256);
        int seen = 0, kept = 0;
        for (long s = 0; s < total; s += step, seen++)
        {
            int t = (int)(s / k), p = (int)(s % k);
            for (var i = t * 8; i < Math.Min(m, t * 8 + 8); i++)
                if ((tA ? a[p + (long)i * rowsA] : a[i + (long)p * rowsA]) != 0) { kept++; break; }
        }
        return seen == 0 ? 1 : Math.Max((double)kept / seen, 0.01);
    }

    // packed[p·stride + j] = source[p + j·leading]: reads columns of the source contiguously; padding is zero.
    private static void Pack(double[] source, int leading, int inner, int width, double[] packed, int stride)
    {
        for (var j = 0; j < width; j++)
        {
            var column = source.AsSpan(j * leading, inner);
            for (var p = 0; p < column.Length; p++) packed[p * stride + j] = column[p];
        }
        for (var j = width; j < stride; j++)
            for (var p = 0; p < inner; p++) packed[p * stride + j] = 0;
    }
}
