using MathNet.Numerics.Providers.LinearAlgebra;

namespace Backprop.Performance;

/// <summary>
/// c = alpha·op(a)·op(b) + beta·c on column-major arrays, with MathNet's (and BLAS dgemm's) meaning of every argument:
/// rows/columns are those of a and b as stored, before op transposes them. beta = 0 means c is not read.
/// </summary>
internal interface IMatrixProduct
{
    /// <summary>What runs the products, e.g. "OpenBLAS (libopenblas.so.0, 2 threads)".</summary>
    string Description { get; }

    /// <summary>Which way the last call went, e.g. "strips" or "blas" (tests and benchmarks read it).</summary>
    string LastPlan { get; }

    void Multiply(Transpose transposeA, Transpose transposeB, double alpha, double[] a, int rowsA, int columnsA,
        double[] b, int rowsB, int columnsB, double beta, double[] c);
}
