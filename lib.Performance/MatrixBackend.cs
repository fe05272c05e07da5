using MathNet.Numerics.Providers.LinearAlgebra;

namespace Backprop.Performance;

/// <summary>
/// The one switch of the course's speed, like MathNet's <c>Control.UseNativeMKL()</c>: <see cref="UseFastest"/> makes the
/// course's products MathNet's linear-algebra provider, so <c>x * W</c> in the layers (and in a notebook's own cells) runs on
/// them. Until something here is called, nothing changes: MathNet's own managed provider computes every product.
/// The fastest is the system BLAS (<see cref="MatrixBackendKind.Native"/>, OpenBLAS or Accelerate) with the course's
/// zero-skipping product for mostly-zero inputs, else the course's vectorised <see cref="MatrixBackendKind.Managed"/> product
/// (see README.md and benchmarks/README.md for what they do that MathNet does not, and the measurements).
/// The choice is process-wide, as MathNet's provider is.
/// </summary>
public static class MatrixBackend
{
    private static readonly Lock Gate = new();
    private static readonly Lazy<(OpenBlasMatrixProduct? Product, string Reason)> Native = new(() =>
    {
        var product = OpenBlasMatrixProduct.TryLoad(out var reason);
        return (product, reason);
    });
    private static string _note = "";

    /// <summary>The backend in use, as far as this class knows: <see cref="MatrixBackendKind.MathNet"/> until one is chosen here.</summary>
    public static MatrixBackendKind Kind { get; private set; } = MatrixBackendKind.MathNet;

    /// <summary>A description of the backend in use, e.g. "managed (Vector256 AVX2+FMA, zero-skipping, 2 threads)".</summary>
    public static string Active { get; private set; } = MathNetDescription;

    private const string MathNetDescription = "MathNet's own managed provider (nothing opted in)";

    /// <summary>True when a system BLAS with cblas_dgemm was found (whether or not it is in use).</summary>
    public static bool IsNativeAvailable => Native.Value.Product is not null;

    /// <summary>Why <see cref="MatrixBackendKind.Native"/> is unavailable, or "" when it is available.</summary>
    public static string NativeUnavailableReason => Native.Value.Reason;

    /// <summary>
    /// One line for a notebook's output (under 110 characters), about the backend in use only: "Matrix products: OpenBLAS
    /// (libopenblas.so.0, 2 threads for large products); zero-skipping", or "Matrix products: managed
    /// (…); no system BLAS found" — never the paths probed (<see cref="NativeUnavailableReason"/> has those).
    /// </summary>
    public static string Describe() => $"Matrix products: {Active}{_note}";

    /// <summary>Uses the given backend from now on, for the whole process.</summary>
    /// <exception cref="InvalidOperationException">Native was asked for but no system BLAS was found (the message says where it looked).</exception>
    public static void Use(MatrixBackendKind kind)
    {
        lock (Gate)
        {
            ILinearAlgebraProvider provider;
            string description;
            switch (kind)
            {
                case MatrixBackendKind.Native:
                    var native = Native.Value.Product ?? throw new InvalidOperationException(
                        $"MatrixBackend: the native backend is unavailable: {Native.Value.Reason}. Install OpenBLAS (Debian: apt-get install libopenblas0) or use the managed backend.");
                    provider = new CourseLinearAlgebraProvider(native);
                    description = native.Description;
                    break;
                case MatrixBackendKind.Managed:
                    var managed = new ManagedMatrixProduct(Environment.ProcessorCount);
                    provider = new CourseLinearAlgebraProvider(managed);
                    description = managed.Description;
                    break;
                case MatrixBackendKind.MathNet:
                    provider = new ManagedLinearAlgebraProvider();
                    description = MathNetDescription;
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(kind), kind, "MatrixBackend.Use: unknown backend.");
            }
            LinearAlgebraControl.Provider = provider;
            Kind = kind;
            Active = description;
            _note = "";
        }
    }

    /// <summary>Uses the course's managed product (what a machine without OpenBLAS gets).</summary>
    public static void UseManaged() => Use(MatrixBackendKind.Managed);

    /// <summary>Uses the system BLAS if there is one; returns false (and changes nothing) if not.</summary>
    public static bool TryUseNative()
    {
        if (!IsNativeAvailable) return false;
        Use(MatrixBackendKind.Native);
        return true;
    }

    /// <summary>
    /// THE opt-in: the fastest products this machine has from now on — the system BLAS if there is one (with the zero-skipping
    /// product for mostly-zero inputs), else the course's managed product. Returns the backend chosen; <see cref="Describe"/> says more.
    /// </summary>
    public static MatrixBackendKind UseFastest()
    {
        if (TryUseNative()) return Kind;
        Use(MatrixBackendKind.Managed);
        // One line for a lesson's output: where it looked is NativeUnavailableReason's business, not the lesson's.
        _note = "; no system BLAS found";
        return Kind;
    }

    /// <summary>Back to MathNet's own managed provider, as if nothing had been opted in.</summary>
    public static void UseMathNet() => Use(MatrixBackendKind.MathNet);

    /// <summary>The course's product behind the active backend, or null for MathNet's own provider (benchmarks read its plans).</summary>
    internal static IMatrixProduct? ActiveProduct => (LinearAlgebraControl.Provider as CourseLinearAlgebraProvider)?.Product;
}
