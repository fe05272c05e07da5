using System.Runtime.InteropServices;
using MathNet.Numerics.Providers.LinearAlgebra;

namespace Backprop.Performance;

/// <summary>
/// Matrix products by the system's BLAS (cblas_dgemm): OpenBLAS from Debian's libopenblas0 on Linux, the Accelerate
/// framework on macOS. Loaded with <see cref="NativeLibrary.TryLoad(string, out IntPtr)"/>; <see cref="TryLoad(out string)"/>
/// returns null when no library with cblas_dgemm is found, and the caller falls back to managed code.
/// A BLAS multiplies every zero: where op(a) is mostly zero (an MNIST batch: x·W1 and xᵀ·dout) the managed
/// <see cref="CompressedStripProduct"/> does only the non-zeros' work and runs 1.5–2× faster, so those products go there.
/// </summary>
internal sealed class OpenBlasMatrixProduct : IMatrixProduct
{
    private const int ColumnMajor = 102, NoTrans = 111, Trans = 112;

    // Names tried in order: Debian/Ubuntu (libopenblas0, libopenblas0-pthread/-openmp), other Linux, macOS, Windows.
    internal static readonly string[] CandidateNames =
    [
        "libopenblas.so.0", "libopenblas.so", "libopenblasp.so.0",
        "/usr/lib/x86_64-linux-gnu/libopenblas.so.0", "/usr/lib/aarch64-linux-gnu/libopenblas.so.0",
        "/System/Library/Frameworks/Accelerate.framework/Accelerate", "libopenblas.dylib",
        "/opt/homebrew/opt/openblas/lib/libopenblas.dylib", "libopenblas.dll",
    ];

    // Arrays of doubles are blittable: the marshaller pins them for the call, so no copy and no unsafe code.
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void Dgemm(int order, int transA, int transB, int m, int n, int k, double alpha,
        double[] a, int lda, double[] b, int ldb, double beta, double[] c, int ldc);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int GetThreads();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetThreads(int threads);

    // Multiply-adds from which OpenBLAS may use all its threads. A training step's products (100×784·784×50 = 3.9M)
    // stay on one: measured on a busy 2-core machine, OpenBLAS's second thread waited for a descheduled core and made
    // an iteration 0.99 ms instead of 0.61. Evaluation (8,000 images: 314M) still uses every thread.
    private const double ThreadedWork = 16e6;

    private readonly Dgemm _dgemm;
    private readonly SetThreads? _setThreads;
    private readonly int _threads;
    private int _current;

    private OpenBlasMatrixProduct(string name, IntPtr dgemm, int threads, SetThreads? setThreads)
    {
        _dgemm = Marshal.GetDelegateForFunctionPointer<Dgemm>(dgemm);
        _setThreads = threads > 1 ? setThreads : null;
        _threads = _current = threads;
        Description = threads > 0
            ? $"{(name.Contains("Accelerate") ? "Accelerate" : "OpenBLAS")} ({Path.GetFileName(name)}, {threads} thread{(threads == 1 ? "" : "s")}" +
              $"{(_setThreads is null ? "" : " for large products")})"
            : $"system BLAS ({Path.GetFileName(name)})";
        if (CompressedStripProduct.IsSupported) Description += "; zero-skipping";
    }

    public string Description { get; }

    /// <summary>"blas" or "strips".</summary>
    public string LastPlan { get; private set; } = "";

    /// <summary>The first candidate library that loads and exports cblas_dgemm, or null (with the reason) if none does.</summary>
    public static OpenBlasMatrixProduct? TryLoad(out string reason) => TryLoad(CandidateNames, out reason);

    /// <summary>As <see cref="TryLoad(out string)"/> with the given library names (tests pass names that do not exist).</summary>
    public static OpenBlasMatrixProduct? TryLoad(IEnumerable<string> names, out string reason)
    {
        var tried = new List<string>();
        foreach (var name in names)
        {
            if (!NativeLibrary.TryLoad(name, out var handle)) { tried.Add($"{name}: not found"); continue; }
            if (!NativeLibrary.TryGetExport(handle, "cblas_dgemm", out var dgemm)) { tried.Add($"{name}: no cblas_dgemm"); continue; }
            var threads = NativeLibrary.TryGetExport(handle, "openblas_get_num_threads", out var getThreads)
                ? Marshal.GetDelegateForFunctionPointer<GetThreads>(getThreads)()
                : 0;
            var setThreads = NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out var set)
                ? Marshal.GetDelegateForFunctionPointer<SetThreads>(set)
                : null;
            reason = "";
            return new OpenBlasMatrixProduct(name, dgemm, threads, setThreads);
        }
        reason = "no BLAS library found (" + string.Join("; ", tried) + ")";
        return null;
    }

    public void Multiply(Transpose transposeA, Transpose transposeB, double alpha, double[] a, int rowsA, int columnsA,
        double[] b, int rowsB, int columnsB, double beta, double[] c)
    {
        var tA = transposeA != Transpose.DontTranspose;
        var tB = transposeB != Transpose.DontTranspose;
        var (m, k, n) = ProductShape.Of(tA, tB, rowsA, columnsA, rowsB, columnsB, c.Length);
        if (m == 0 || n == 0) return;
        var threaded = (double)m * n * k >= ThreadedWork;
        // The strips write c while reading a and b, so a result sharing storage with an input stays with the BLAS.
        var known = KnownNonZeros.Find(a, rowsA, tA ? m : k);
        if (k > 0 && alpha != 0 && !ReferenceEquals(c, a) && !ReferenceEquals(c, b) && CompressedStripProduct.Suits(a, m, k, n, known))
        {
            LastPlan = "strips";
            new CompressedStripProduct(a, tA, rowsA, m, k, b, tB, rowsB, n, c, alpha, beta, known)
                .Run(threaded ? Math.Max(1, Math.Min(_threads, Environment.ProcessorCount)) : 1);
            return;
        }
        LastPlan = "blas";
        var wanted = threaded ? _threads : 1;
        if (_setThreads is not null && wanted != _current)
        {
            _setThreads(wanted);
            _current = wanted;
        }
        // BLAS requires leading dimensions ≥ 1 even for empty operands.
        _dgemm(ColumnMajor, tA ? Trans : NoTrans, tB ? Trans : NoTrans, m, n, k, alpha,
            a, Math.Max(1, rowsA), b, Math.Max(1, rowsB), beta, c, Math.Max(1, m));
    }
}
