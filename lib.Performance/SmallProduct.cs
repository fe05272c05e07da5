using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Backprop.Performance;

/// <summary>
/// c = alpha·op(a)·op(b) + beta·c for products too small to pay for any copying or sampling (the second layer's
/// 100×50·50×10 and friends: ~50,000 multiply-adds, a few microseconds of arithmetic, where the other plans spent 10–25 µs
/// getting ready). Dense, nothing skipped, straight from the column-major arrays:
/// <list type="bullet">
/// <item>op(a) not transposed: each column of c is built from columns of a, four at a time
/// (c(:, j) += op(b)(p, j)·a(:, p) + … for p..p+3, one load and store of c per four multiply-adds).</item>
/// <item>a transposed, b not: each c(i, j) is a dot product of two contiguous columns, a(:, i) and b(:, j).</item>
/// </list>
/// Both transposed has no contiguous form here, and fewer than 16 values along the vectorised side (a gradient check's
/// 3-row batch) waste the vectors: <see cref="Suits"/> says no and another plan takes them.
/// </summary>
internal readonly record struct SmallProduct(
    double[] A, bool TransposeA, int RowsA, int M, int K,
    double[] B, bool TransposeB, int RowsB, int N,
    double[] C, double Alpha, double Beta)
{
    private const int Lanes = 4;

    /// <summary>Multiply-adds up to which this product is the plan: every course product of the second layer is ~50,000.</summary>
    public const long MostWork = 200_000;

    /// <summary>Whether the product has an efficient form for these transposes and sizes.</summary>
    public static bool Suits(bool transposeA, bool transposeB, int m, int k) =>
        transposeA ? !transposeB && k >= 16 : m >= 16;

    public void Run()
    {
        if (TransposeA) Dots();
        else Columns();
    }

    // op(b)(p, j): b(p, j), or b(j, p) when b is transposed.
    private double Right(int p, int j) => TransposeB ? B[j + p * RowsB] : B[p + j * RowsB];

    private void Columns()
    {
        for (var j = 0; j < N; j++)
        {
            var column = C.AsSpan(j * M, M);
            if (Beta == 0) column.Clear();
            else if (Beta != 1) for (var i = 0; i < M; i++) column[i] *= Beta;
            var p = 0;
            for (; p + Lanes <= K; p += Lanes)
                AddFour(column, A.AsSpan(p * RowsA, M), A.AsSpan((p + 1) * RowsA, M), A.AsSpan((p + 2) * RowsA, M),
                    A.AsSpan((p + 3) * RowsA, M), Alpha * Right(p, j), Alpha * Right(p + 1, j), Alpha * Right(p + 2, j),
                    Alpha * Right(p + 3, j));
            for (; p < K; p++) AddOne(column, A.AsSpan(p * RowsA, M), Alpha * Right(p, j));
        }
    }

    // column += s0·a0 + s1·a1 + s2·a2 + s3·a3, four values at a time, then one at a time.
    private static void AddFour(Span<double> column, ReadOnlySpan<double> a0, ReadOnlySpan<double> a1, ReadOnlySpan<double> a2,
        ReadOnlySpan<double> a3, double s0, double s1, double s2, double s3)
    {
        ref var c = ref MemoryMarshal.GetReference(column);
        ref var x0 = ref MemoryMarshal.GetReference(a0);
        ref var x1 = ref MemoryMarshal.GetReference(a1);
        ref var x2 = ref MemoryMarshal.GetReference(a2);
        ref var x3 = ref MemoryMarshal.GetReference(a3);
        Vector256<double> v0 = Vector256.Create(s0), v1 = Vector256.Create(s1), v2 = Vector256.Create(s2), v3 = Vector256.Create(s3);
        var i = 0;
        for (; i + Lanes <= column.Length; i += Lanes)
        {
            var at = (nuint)i;
            var sum = Vector256.FusedMultiplyAdd(v0, Vector256.LoadUnsafe(ref x0, at), Vector256.LoadUnsafe(ref c, at));
            sum = Vector256.FusedMultiplyAdd(v1, Vector256.LoadUnsafe(ref x1, at), sum);
            sum = Vector256.FusedMultiplyAdd(v2, Vector256.LoadUnsafe(ref x2, at), sum);
            sum = Vector256.FusedMultiplyAdd(v3, Vector256.LoadUnsafe(ref x3, at), sum);
            sum.StoreUnsafe(ref c, at);
        }
        for (; i < column.Length; i++)
        {
            var sum = Math.FusedMultiplyAdd(s0, Unsafe.Add(ref x0, i), Unsafe.Add(ref c, i));
            sum = Math.FusedMultiplyAdd(s1, Unsafe.Add(ref x1, i), sum);
            sum = Math.FusedMultiplyAdd(s2, Unsafe.Add(ref x2, i), sum);
            Unsafe.Add(ref c, i) = Math.FusedMultiplyAdd(s3, Unsafe.Add(ref x3, i), sum);
        }
    }

    // column += s·a, four values at a time, then one at a time.
    private static void AddOne(Span<double> column, ReadOnlySpan<double> a, double s)
    {
        ref var c = ref MemoryMarshal.GetReference(column);
        ref var x = ref MemoryMarshal.GetReference(a);
        var v = Vector256.Create(s);
        var i = 0;
        for (; i + Lanes <= column.Length; i += Lanes)
            Vector256.FusedMultiplyAdd(v, Vector256.LoadUnsafe(ref x, (nuint)i), Vector256.LoadUnsafe(ref c, (nuint)i)).StoreUnsafe(ref c, (nuint)i);
        for (; i < column.Length; i++) Unsafe.Add(ref c, i) = Math.FusedMultiplyAdd(s, Unsafe.Add(ref x, i), Unsafe.Add(ref c, i));
    }

    private void Dots()
    {
        for (var j = 0; j < N; j++)
        {
            var right = B.AsSpan(j * RowsB, K);
            for (var i = 0; i < M; i++)
            {
                var sum = Alpha * Dot(A.AsSpan(i * RowsA, K), right);
                ref var target = ref C[i + j * M];
                target = Beta == 0 ? sum : sum + Beta * target;
            }
        }
    }

    // Four vector sums, then the tail.
    private static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        ref var a = ref MemoryMarshal.GetReference(x);
        ref var b = ref MemoryMarshal.GetReference(y);
        Vector256<double> s0 = default, s1 = default, s2 = default, s3 = default;
        var i = 0;
        for (; i + 4 * Lanes <= x.Length; i += 4 * Lanes)
        {
            var at = (nuint)i;
            s0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, at), Vector256.LoadUnsafe(ref b, at), s0);
            s1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, at + 4), Vector256.LoadUnsafe(ref b, at + 4), s1);
            s2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, at + 8), Vector256.LoadUnsafe(ref b, at + 8), s2);
            s3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, at + 12), Vector256.LoadUnsafe(ref b, at + 12), s3);
        }
        for (; i + Lanes <= x.Length; i += Lanes)
            s0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, (nuint)i), Vector256.LoadUnsafe(ref b, (nuint)i), s0);
        var sum = Vector256.Sum((s0 + s1) + (s2 + s3));
        for (; i < x.Length; i++) sum = Math.FusedMultiplyAdd(Unsafe.Add(ref a, i), Unsafe.Add(ref b, i), sum);
        return sum;
    }
}
