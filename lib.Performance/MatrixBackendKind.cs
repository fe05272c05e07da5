namespace Backprop.Performance;

/// <summary>What multiplies MathNet's dense double matrices (see <see cref="MatrixBackend"/>).</summary>
public enum MatrixBackendKind
{
    /// <summary>The system BLAS (OpenBLAS on Linux, Accelerate on macOS) through cblas_dgemm.</summary>
    Native,

    /// <summary>The course's vectorised managed product (Vector256 with fused multiply-add, skips zeros of the left operand).</summary>
    Managed,

    /// <summary>MathNet's own managed provider, as if the course library changed nothing (the baseline of the benchmarks).</summary>
    MathNet,
}
