using MathNet.Numerics.Providers.LinearAlgebra;

namespace Backprop.Performance;

/// <summary>
/// Chooses what multiplies matrices underneath the layers, so <c>x * W</c> stays the book's formula and still trains
/// faster than NumPy. Selected automatically the first time any Backprop type is used: the environment variable
/// <see cref="EnvironmentVariable"/> if set (auto, native, managed or mathnet), otherwise the fastest available: the
/// system BLAS (<see cref="MatrixBackendKind.Native"/>, OpenBLAS or Accelerate) when there is one, else the course's
/// vectorised <see cref="MatrixBackendKind.Managed"/> product (see benchmarks/README.md for the measurements). <see cref="Active"/> says what runs.
/// The choice is process-wide: it is MathNet's linear-algebra provider, so a notebook's own products speed up too.
/// </summary>
public static class MatrixBackend
{
    /// <summary>The environment variable read at start-up: auto (default), native, managed or mathnet.</summary>
    public const string EnvironmentVariable = "BACKPROP_MATRIX_BACKEND";

    private static readonly Lock Gate = new();
    private static readonly Lazy<(OpenBlasMatrixProduct? Product, string Reason)> Native = new(() =>
    {
        var product = OpenBlasMatrixProduct.TryLoad(out var reason);
        return (product, reason);
    });
    private static string _note = "";

    static MatrixBackend() => SelectAutomatically();

    /// <summary>The backend in use.</summary>
    public static MatrixBackendKind Kind { get; private set; }

    /// <summary>A description of the backend in use, e.g. "managed, Vector256 AVX2+FMA, zero-skipping, 2 threads".</summary>
    public static string Active { get; private set; } = "";

    /// <summary>True when a system BLAS with cblas_dgemm was found (whether or not it is in use).</summary>
    public static bool IsNativeAvailable => Native.Value.Product is not null;

    /// <summary>Why <see cref="MatrixBackendKind.Native"/> is unavailable, or "" when it is available.</summary>
    public static string NativeUnavailableReason => Native.Value.Reason;

    /// <summary>One line for a notebook's setup output: "Matrix products: managed, … (set BACKPROP_MATRIX_BACKEND to change)".</summary>
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
                    description = "MathNet managed provider (unchanged)";
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

    /// <summary>Uses the course's managed product (what a machine without OpenBLAS gets); tests call this to disable the native path.</summary>
    public static void UseManaged() => Use(MatrixBackendKind.Managed);

    /// <summary>Uses the system BLAS if there is one; returns false (and changes nothing) if not.</summary>
    public static bool TryUseNative()
    {
        if (!IsNativeAvailable) return false;
        Use(MatrixBackendKind.Native);
        return true;
    }

    /// <summary>Selects as at start-up: the environment variable if set, else the default. Returns the backend chosen.</summary>
    public static MatrixBackendKind SelectAutomatically()
    {
        var requested = Environment.GetEnvironmentVariable(EnvironmentVariable)?.Trim().ToLowerInvariant();
        string note;
        switch (requested)
        {
            case null or "" or "auto":
                if (TryUseNative()) return Kind;
                Use(MatrixBackendKind.Managed);
                note = $" (no system BLAS: {NativeUnavailableReason})";
                break;
            case "managed":
                Use(MatrixBackendKind.Managed);
                note = $" ({EnvironmentVariable}=managed)";
                break;
            case "mathnet":
                Use(MatrixBackendKind.MathNet);
                note = $" ({EnvironmentVariable}=mathnet)";
                break;
            case "native" or "openblas" or "blas":
                if (TryUseNative()) note = $" ({EnvironmentVariable}={requested})";
                else
                {
                    Use(MatrixBackendKind.Managed);
                    note = $" ({EnvironmentVariable}={requested}, but {NativeUnavailableReason}; fell back)";
                }
                break;
            default:
                // Start-up must not fail over a typo: fall back, and say so where the backend is shown.
                Use(MatrixBackendKind.Managed);
                note = $" ({EnvironmentVariable}='{requested}' not understood: expected auto, native, managed or mathnet)";
                break;
        }
        _note = note;
        return Kind;
    }

    /// <summary>The course's product behind the active backend, or null for MathNet's own provider (benchmarks read its plans).</summary>
    internal static IMatrixProduct? ActiveProduct => (LinearAlgebraControl.Provider as CourseLinearAlgebraProvider)?.Product;

    /// <summary>Runs the static constructor, which selects the backend; called by the module initializer.</summary>
    internal static void EnsureSelected() { }
}
