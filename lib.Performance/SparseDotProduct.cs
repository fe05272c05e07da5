using System.Buffers;

namespace Backprop.Performance;

/// <summary>
/// c(i, j) = alpha · Σ_p op(a)(i, p) · b(p, j) + beta · c(i, j) as sparse dot products: each row of op(a) is compressed
/// to its non-zeros once, then dotted with every column of b (contiguous in column-major storage). Nothing is packed
/// or copied, which makes it the fastest form for a few rows times a large b: the gradient check's 3×784·784×50, run
/// 80,000 times, where copying W1 into a row-major buffer would cost ten times the arithmetic.
/// Zeros of op(a) are skipped (a 0 meets an ∞ or NaN of b as 0), as in <see cref="SparseRowProduct"/>.
/// </summary>
/// <remarks>
/// <para>A: op(a)(i, p) = A[i·RowStep + p·InnerStep].</para>
/// <para>B: b(p, j) = B[p + j·BRows] (b not transposed).</para>
/// </remarks>
internal readonly record struct SparseDotProduct(
    double[] A, int RowStep, int InnerStep, int M, int K, double[] B, int BRows, int N,
    double[] C, double Alpha, double Beta)
{
    public void Run()
    {
        var positions = ArrayPool<int>.Shared.Rent(Math.Max(1, K));
        var values = ArrayPool<double>.Shared.Rent(Math.Max(1, K));
        try
        {
            for (var i = 0; i < M; i++)
            {
                var count = 0;
                for (int p = 0, at = i * RowStep; p < K; p++, at += InnerStep)
                {
                    var v = A[at];
                    if (v == 0) continue;
                    positions[count] = p;
                    values[count++] = v;
                }
                var rowPositions = positions.AsSpan(0, count);
                var rowValues = values.AsSpan(0, count);
                for (var j = 0; j < N; j++)
                {
                    var column = B.AsSpan(j * BRows, K);
                    // Four partial sums: independent chains of multiply-adds keep the CPU's pipelines busy.
                    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                    var q = 0;
                    for (; q + 3 < count; q += 4)
                    {
                        s0 = Math.FusedMultiplyAdd(rowValues[q], column[rowPositions[q]], s0);
                        s1 = Math.FusedMultiplyAdd(rowValues[q + 1], column[rowPositions[q + 1]], s1);
                        s2 = Math.FusedMultiplyAdd(rowValues[q + 2], column[rowPositions[q + 2]], s2);
                        s3 = Math.FusedMultiplyAdd(rowValues[q + 3], column[rowPositions[q + 3]], s3);
                    }
                    for (; q < count; q++) s0 = Math.FusedMultiplyAdd(rowValues[q], column[rowPositions[q]], s0);
                    var sum = Alpha * ((s0 + s1) + (s2 + s3));
                    ref var target = ref C[i + j * M];
                    target = Beta == 0 ? sum : sum + Beta * target;
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(positions);
            ArrayPool<double>.Shared.Return(values);
        }
    }
}
