using MathNet.Numerics.Providers.LinearAlgebra;

namespace Backprop.Performance;

/// <summary>
/// MathNet's managed provider with the double-precision matrix products replaced by <paramref name="product"/>.
/// Every <c>x * W</c>, <c>TransposeAndMultiply</c> and <c>TransposeThisAndMultiply</c> on dense matrices lands here,
/// so the layers keep reading like the book and get faster underneath.
/// </summary>
internal sealed class CourseLinearAlgebraProvider(IMatrixProduct product) : DelegatingLinearAlgebraProvider
{
    public IMatrixProduct Product { get; } = product;

    public override void MatrixMultiply(double[] x, int rowsX, int columnsX, double[] y, int rowsY, int columnsY, double[] result) =>
        Product.Multiply(Transpose.DontTranspose, Transpose.DontTranspose, 1.0, x, rowsX, columnsX, y, rowsY, columnsY, 0.0, result);

    public override void MatrixMultiplyWithUpdate(Transpose transposeA, Transpose transposeB, double alpha, double[] a, int rowsA,
        int columnsA, double[] b, int rowsB, int columnsB, double beta, double[] c) =>
        Product.Multiply(transposeA, transposeB, alpha, a, rowsA, columnsA, b, rowsB, columnsB, beta, c);

    public override string ToString() => $"Backprop course provider: {Product.Description}";
}
