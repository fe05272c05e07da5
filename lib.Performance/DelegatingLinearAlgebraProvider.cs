using System.Numerics;
using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra.Factorization;
using MathNet.Numerics.Providers.LinearAlgebra;
using Complex = System.Numerics.Complex;

namespace Backprop.Performance;

/// <summary>
/// Every operation of MathNet's linear-algebra provider interface, forwarded to MathNet's own managed provider.
/// MathNet's ManagedLinearAlgebraProvider is sealed, so a provider that replaces only the matrix products must
/// implement the whole interface; this class is that plumbing (written out once from the interface by reflection),
/// and <see cref="CourseLinearAlgebraProvider"/> overrides the two double-precision products.
/// </summary>
internal abstract class DelegatingLinearAlgebraProvider : ILinearAlgebraProvider
{
    private readonly ManagedLinearAlgebraProvider _managed = new();

    // ILinearAlgebraProvider
    public virtual bool IsAvailable() => _managed.IsAvailable();
    public virtual void InitializeVerify() => _managed.InitializeVerify();
    public virtual void FreeResources() => _managed.FreeResources();

    // ILinearAlgebraProvider<double>
    public virtual void AddVectorToScaledVector(double[] y, double alpha, double[] x, double[] result) => _managed.AddVectorToScaledVector(y, alpha, x, result);
    public virtual void ScaleArray(double alpha, double[] x, double[] result) => _managed.ScaleArray(alpha, x, result);
    public virtual void ConjugateArray(double[] x, double[] result) => _managed.ConjugateArray(x, result);
    public virtual double DotProduct(double[] x, double[] y) => _managed.DotProduct(x, y);
    public virtual void AddArrays(double[] x, double[] y, double[] result) => _managed.AddArrays(x, y, result);
    public virtual void SubtractArrays(double[] x, double[] y, double[] result) => _managed.SubtractArrays(x, y, result);
    public virtual void PointWiseMultiplyArrays(double[] x, double[] y, double[] result) => _managed.PointWiseMultiplyArrays(x, y, result);
    public virtual void PointWiseDivideArrays(double[] x, double[] y, double[] result) => _managed.PointWiseDivideArrays(x, y, result);
    public virtual void PointWisePowerArrays(double[] x, double[] y, double[] result) => _managed.PointWisePowerArrays(x, y, result);
    public virtual double MatrixNorm(Norm norm, int rows, int columns, double[] matrix) => _managed.MatrixNorm(norm, rows, columns, matrix);
    public virtual void MatrixMultiply(double[] x, int rowsX, int columnsX, double[] y, int rowsY, int columnsY, double[] result) => _managed.MatrixMultiply(x, rowsX, columnsX, y, rowsY, columnsY, result);
    public virtual void MatrixMultiplyWithUpdate(Transpose transposeA, Transpose transposeB, double alpha, double[] a, int rowsA, int columnsA, double[] b, int rowsB, int columnsB, double beta, double[] c) => _managed.MatrixMultiplyWithUpdate(transposeA, transposeB, alpha, a, rowsA, columnsA, b, rowsB, columnsB, beta, c);
    public virtual void LUFactor(double[] data, int order, int[] ipiv) => _managed.LUFactor(data, order, ipiv);
    public virtual void LUInverse(double[] a, int order) => _managed.LUInverse(a, order);
    public virtual void LUInverseFactored(double[] a, int order, int[] ipiv) => _managed.LUInverseFactored(a, order, ipiv);
    public virtual void LUSolve(int columnsOfB, double[] a, int order, double[] b) => _managed.LUSolve(columnsOfB, a, order, b);
    public virtual void LUSolveFactored(int columnsOfB, double[] a, int order, int[] ipiv, double[] b) => _managed.LUSolveFactored(columnsOfB, a, order, ipiv, b);
    public virtual void CholeskyFactor(double[] a, int order) => _managed.CholeskyFactor(a, order);
    public virtual void CholeskySolve(double[] a, int orderA, double[] b, int columnsB) => _managed.CholeskySolve(a, orderA, b, columnsB);
    public virtual void CholeskySolveFactored(double[] a, int orderA, double[] b, int columnsB) => _managed.CholeskySolveFactored(a, orderA, b, columnsB);
    public virtual void QRFactor(double[] a, int rowsA, int columnsA, double[] q, double[] tau) => _managed.QRFactor(a, rowsA, columnsA, q, tau);
    public virtual void ThinQRFactor(double[] a, int rowsA, int columnsA, double[] r, double[] tau) => _managed.ThinQRFactor(a, rowsA, columnsA, r, tau);
    public virtual void QRSolve(double[] a, int rows, int columns, double[] b, int columnsB, double[] x, QRMethod method) => _managed.QRSolve(a, rows, columns, b, columnsB, x, method);
    public virtual void QRSolveFactored(double[] q, double[] r, int rowsA, int columnsA, double[] tau, double[] b, int columnsB, double[] x, QRMethod method) => _managed.QRSolveFactored(q, r, rowsA, columnsA, tau, b, columnsB, x, method);
    public virtual void SingularValueDecomposition(bool computeVectors, double[] a, int rowsA, int columnsA, double[] s, double[] u, double[] vt) => _managed.SingularValueDecomposition(computeVectors, a, rowsA, columnsA, s, u, vt);
    public virtual void SvdSolve(double[] a, int rowsA, int columnsA, double[] b, int columnsB, double[] x) => _managed.SvdSolve(a, rowsA, columnsA, b, columnsB, x);
    public virtual void SvdSolveFactored(int rowsA, int columnsA, double[] s, double[] u, double[] vt, double[] b, int columnsB, double[] x) => _managed.SvdSolveFactored(rowsA, columnsA, s, u, vt, b, columnsB, x);
    public virtual void EigenDecomp(bool isSymmetric, int order, double[] matrix, double[] matrixEv, Complex[] vectorEv, double[] matrixD) => _managed.EigenDecomp(isSymmetric, order, matrix, matrixEv, vectorEv, matrixD);

    // ILinearAlgebraProvider<float>
    public virtual void AddVectorToScaledVector(float[] y, float alpha, float[] x, float[] result) => _managed.AddVectorToScaledVector(y, alpha, x, result);
    public virtual void ScaleArray(float alpha, float[] x, float[] result) => _managed.ScaleArray(alpha, x, result);
    public virtual void ConjugateArray(float[] x, float[] result) => _managed.ConjugateArray(x, result);
    public virtual float DotProduct(float[] x, float[] y) => _managed.DotProduct(x, y);
    public virtual void AddArrays(float[] x, float[] y, float[] result) => _managed.AddArrays(x, y, result);
    public virtual void SubtractArrays(float[] x, float[] y, float[] result) => _managed.SubtractArrays(x, y, result);
    public virtual void PointWiseMultiplyArrays(float[] x, float[] y, float[] result) => _managed.PointWiseMultiplyArrays(x, y, result);
    public virtual void PointWiseDivideArrays(float[] x, float[] y, float[] result) => _managed.PointWiseDivideArrays(x, y, result);
    public virtual void PointWisePowerArrays(float[] x, float[] y, float[] result) => _managed.PointWisePowerArrays(x, y, result);
    public virtual double MatrixNorm(Norm norm, int rows, int columns, float[] matrix) => _managed.MatrixNorm(norm, rows, columns, matrix);
    public virtual void MatrixMultiply(float[] x, int rowsX, int columnsX, float[] y, int rowsY, int columnsY, float[] result) => _managed.MatrixMultiply(x, rowsX, columnsX, y, rowsY, columnsY, result);
    public virtual void MatrixMultiplyWithUpdate(Transpose transposeA, Transpose transposeB, float alpha, float[] a, int rowsA, int columnsA, float[] b, int rowsB, int columnsB, float beta, float[] c) => _managed.MatrixMultiplyWithUpdate(transposeA, transposeB, alpha, a, rowsA, columnsA, b, rowsB, columnsB, beta, c);
    public virtual void LUFactor(float[] data, int order, int[] ipiv) => _managed.LUFactor(data, order, ipiv);
    public virtual void LUInverse(float[] a, int order) => _managed.LUInverse(a, order);
    public virtual void LUInverseFactored(float[] a, int order, int[] ipiv) => _managed.LUInverseFactored(a, order, ipiv);
    public virtual void LUSolve(int columnsOfB, float[] a, int order, float[] b) => _managed.LUSolve(columnsOfB, a, order, b);
    public virtual void LUSolveFactored(int columnsOfB, float[] a, int order, int[] ipiv, float[] b) => _managed.LUSolveFactored(columnsOfB, a, order, ipiv, b);
    public virtual void CholeskyFactor(float[] a, int order) => _managed.CholeskyFactor(a, order);
    public virtual void CholeskySolve(float[] a, int orderA, float[] b, int columnsB) => _managed.CholeskySolve(a, orderA, b, columnsB);
    public virtual void CholeskySolveFactored(float[] a, int orderA, float[] b, int columnsB) => _managed.CholeskySolveFactored(a, orderA, b, columnsB);
    public virtual void QRFactor(float[] a, int rowsA, int columnsA, float[] q, float[] tau) => _managed.QRFactor(a, rowsA, columnsA, q, tau);
    public virtual void ThinQRFactor(float[] a, int rowsA, int columnsA, float[] r, float[] tau) => _managed.ThinQRFactor(a, rowsA, columnsA, r, tau);
    public virtual void QRSolve(float[] a, int rows, int columns, float[] b, int columnsB, float[] x, QRMethod method) => _managed.QRSolve(a, rows, columns, b, columnsB, x, method);
    public virtual void QRSolveFactored(float[] q, float[] r, int rowsA, int columnsA, float[] tau, float[] b, int columnsB, float[] x, QRMethod method) => _managed.QRSolveFactored(q, r, rowsA, columnsA, tau, b, columnsB, x, method);
    public virtual void SingularValueDecomposition(bool computeVectors, float[] a, int rowsA, int columnsA, float[] s, float[] u, float[] vt) => _managed.SingularValueDecomposition(computeVectors, a, rowsA, columnsA, s, u, vt);
    public virtual void SvdSolve(float[] a, int rowsA, int columnsA, float[] b, int columnsB, float[] x) => _managed.SvdSolve(a, rowsA, columnsA, b, columnsB, x);
    public virtual void SvdSolveFactored(int rowsA, int columnsA, float[] s, float[] u, float[] vt, float[] b, int columnsB, float[] x) => _managed.SvdSolveFactored(rowsA, columnsA, s, u, vt, b, columnsB, x);
    public virtual void EigenDecomp(bool isSymmetric, int order, float[] matrix, float[] matrixEv, Complex[] vectorEv, float[] matrixD) => _managed.EigenDecomp(isSymmetric, order, matrix, matrixEv, vectorEv, matrixD);

    // ILinearAlgebraProvider<Complex>
    public virtual void AddVectorToScaledVector(Complex[] y, Complex alpha, Complex[] x, Complex[] result) => _managed.AddVectorToScaledVector(y, alpha, x, result);
    public virtual void ScaleArray(Complex alpha, Complex[] x, Complex[] result) => _managed.ScaleArray(alpha, x, result);
    public virtual void ConjugateArray(Complex[] x, Complex[] result) => _managed.ConjugateArray(x, result);
    public virtual Complex DotProduct(Complex[] x, Complex[] y) => _managed.DotProduct(x, y);
    public virtual void AddArrays(Complex[] x, Complex[] y, Complex[] result) => _managed.AddArrays(x, y, result);
    public virtual void SubtractArrays(Complex[] x, Complex[] y, Complex[] result) => _managed.SubtractArrays(x, y, result);
    public virtual void PointWiseMultiplyArrays(Complex[] x, Complex[] y, Complex[] result) => _managed.PointWiseMultiplyArrays(x, y, result);
    public virtual void PointWiseDivideArrays(Complex[] x, Complex[] y, Complex[] result) => _managed.PointWiseDivideArrays(x, y, result);
    public virtual void PointWisePowerArrays(Complex[] x, Complex[] y, Complex[] result) => _managed.PointWisePowerArrays(x, y, result);
    public virtual double MatrixNorm(Norm norm, int rows, int columns, Complex[] matrix) => _managed.MatrixNorm(norm, rows, columns, matrix);
    public virtual void MatrixMultiply(Complex[] x, int rowsX, int columnsX, Complex[] y, int rowsY, int columnsY, Complex[] result) => _managed.MatrixMultiply(x, rowsX, columnsX, y, rowsY, columnsY, result);
    public virtual void MatrixMultiplyWithUpdate(Transpose transposeA, Transpose transposeB, Complex alpha, Complex[] a, int rowsA, int columnsA, Complex[] b, int rowsB, int columnsB, Complex beta, Complex[] c) => _managed.MatrixMultiplyWithUpdate(transposeA, transposeB, alpha, a, rowsA, columnsA, b, rowsB, columnsB, beta, c);
    public virtual void LUFactor(Complex[] data, int order, int[] ipiv) => _managed.LUFactor(data, order, ipiv);
    public virtual void LUInverse(Complex[] a, int order) => _managed.LUInverse(a, order);
    public virtual void LUInverseFactored(Complex[] a, int order, int[] ipiv) => _managed.LUInverseFactored(a, order, ipiv);
    public virtual void LUSolve(int columnsOfB, Complex[] a, int order, Complex[] b) => _managed.LUSolve(columnsOfB, a, order, b);
    public virtual void LUSolveFactored(int columnsOfB, Complex[] a, int order, int[] ipiv, Complex[] b) => _managed.LUSolveFactored(columnsOfB, a, order, ipiv, b);
    public virtual void CholeskyFactor(Complex[] a, int order) => _managed.CholeskyFactor(a, order);
    public virtual void CholeskySolve(Complex[] a, int orderA, Complex[] b, int columnsB) => _managed.CholeskySolve(a, orderA, b, columnsB);
    public virtual void CholeskySolveFactored(Complex[] a, int orderA, Complex[] b, int columnsB) => _managed.CholeskySolveFactored(a, orderA, b, columnsB);
    public virtual void QRFactor(Complex[] a, int rowsA, int columnsA, Complex[] q, Complex[] tau) => _managed.QRFactor(a, rowsA, columnsA, q, tau);
    public virtual void ThinQRFactor(Complex[] a, int rowsA, int columnsA, Complex[] r, Complex[] tau) => _managed.ThinQRFactor(a, rowsA, columnsA, r, tau);
    public virtual void QRSolve(Complex[] a, int rows, int columns, Complex[] b, int columnsB, Complex[] x, QRMethod method) => _managed.QRSolve(a, rows, columns, b, columnsB, x, method);
    public virtual void QRSolveFactored(Complex[] q, Complex[] r, int rowsA, int columnsA, Complex[] tau, Complex[] b, int columnsB, Complex[] x, QRMethod method) => _managed.QRSolveFactored(q, r, rowsA, columnsA, tau, b, columnsB, x, method);
    public virtual void SingularValueDecomposition(bool computeVectors, Complex[] a, int rowsA, int columnsA, Complex[] s, Complex[] u, Complex[] vt) => _managed.SingularValueDecomposition(computeVectors, a, rowsA, columnsA, s, u, vt);
    public virtual void SvdSolve(Complex[] a, int rowsA, int columnsA, Complex[] b, int columnsB, Complex[] x) => _managed.SvdSolve(a, rowsA, columnsA, b, columnsB, x);
    public virtual void SvdSolveFactored(int rowsA, int columnsA, Complex[] s, Complex[] u, Complex[] vt, Complex[] b, int columnsB, Complex[] x) => _managed.SvdSolveFactored(rowsA, columnsA, s, u, vt, b, columnsB, x);
    public virtual void EigenDecomp(bool isSymmetric, int order, Complex[] matrix, Complex[] matrixEv, Complex[] vectorEv, Complex[] matrixD) => _managed.EigenDecomp(isSymmetric, order, matrix, matrixEv, vectorEv, matrixD);

    // ILinearAlgebraProvider<Complex32>
    public virtual void AddVectorToScaledVector(Complex32[] y, Complex32 alpha, Complex32[] x, Complex32[] result) => _managed.AddVectorToScaledVector(y, alpha, x, result);
    public virtual void ScaleArray(Complex32 alpha, Complex32[] x, Complex32[] result) => _managed.ScaleArray(alpha, x, result);
    public virtual void ConjugateArray(Complex32[] x, Complex32[] result) => _managed.ConjugateArray(x, result);
    public virtual Complex32 DotProduct(Complex32[] x, Complex32[] y) => _managed.DotProduct(x, y);
    public virtual void AddArrays(Complex32[] x, Complex32[] y, Complex32[] result) => _managed.AddArrays(x, y, result);
    public virtual void SubtractArrays(Complex32[] x, Complex32[] y, Complex32[] result) => _managed.SubtractArrays(x, y, result);
    public virtual void PointWiseMultiplyArrays(Complex32[] x, Complex32[] y, Complex32[] result) => _managed.PointWiseMultiplyArrays(x, y, result);
    public virtual void PointWiseDivideArrays(Complex32[] x, Complex32[] y, Complex32[] result) => _managed.PointWiseDivideArrays(x, y, result);
    public virtual void PointWisePowerArrays(Complex32[] x, Complex32[] y, Complex32[] result) => _managed.PointWisePowerArrays(x, y, result);
    public virtual double MatrixNorm(Norm norm, int rows, int columns, Complex32[] matrix) => _managed.MatrixNorm(norm, rows, columns, matrix);
    public virtual void MatrixMultiply(Complex32[] x, int rowsX, int columnsX, Complex32[] y, int rowsY, int columnsY, Complex32[] result) => _managed.MatrixMultiply(x, rowsX, columnsX, y, rowsY, columnsY, result);
    public virtual void MatrixMultiplyWithUpdate(Transpose transposeA, Transpose transposeB, Complex32 alpha, Complex32[] a, int rowsA, int columnsA, Complex32[] b, int rowsB, int columnsB, Complex32 beta, Complex32[] c) => _managed.MatrixMultiplyWithUpdate(transposeA, transposeB, alpha, a, rowsA, columnsA, b, rowsB, columnsB, beta, c);
    public virtual void LUFactor(Complex32[] data, int order, int[] ipiv) => _managed.LUFactor(data, order, ipiv);
    public virtual void LUInverse(Complex32[] a, int order) => _managed.LUInverse(a, order);
    public virtual void LUInverseFactored(Complex32[] a, int order, int[] ipiv) => _managed.LUInverseFactored(a, order, ipiv);
    public virtual void LUSolve(int columnsOfB, Complex32[] a, int order, Complex32[] b) => _managed.LUSolve(columnsOfB, a, order, b);
    public virtual void LUSolveFactored(int columnsOfB, Complex32[] a, int order, int[] ipiv, Complex32[] b) => _managed.LUSolveFactored(columnsOfB, a, order, ipiv, b);
    public virtual void CholeskyFactor(Complex32[] a, int order) => _managed.CholeskyFactor(a, order);
    public virtual void CholeskySolve(Complex32[] a, int orderA, Complex32[] b, int columnsB) => _managed.CholeskySolve(a, orderA, b, columnsB);
    public virtual void CholeskySolveFactored(Complex32[] a, int orderA, Complex32[] b, int columnsB) => _managed.CholeskySolveFactored(a, orderA, b, columnsB);
    public virtual void QRFactor(Complex32[] a, int rowsA, int columnsA, Complex32[] q, Complex32[] tau) => _managed.QRFactor(a, rowsA, columnsA, q, tau);
    public virtual void ThinQRFactor(Complex32[] a, int rowsA, int columnsA, Complex32[] r, Complex32[] tau) => _managed.ThinQRFactor(a, rowsA, columnsA, r, tau);
    public virtual void QRSolve(Complex32[] a, int rows, int columns, Complex32[] b, int columnsB, Complex32[] x, QRMethod method) => _managed.QRSolve(a, rows, columns, b, columnsB, x, method);
    public virtual void QRSolveFactored(Complex32[] q, Complex32[] r, int rowsA, int columnsA, Complex32[] tau, Complex32[] b, int columnsB, Complex32[] x, QRMethod method) => _managed.QRSolveFactored(q, r, rowsA, columnsA, tau, b, columnsB, x, method);
    public virtual void SingularValueDecomposition(bool computeVectors, Complex32[] a, int rowsA, int columnsA, Complex32[] s, Complex32[] u, Complex32[] vt) => _managed.SingularValueDecomposition(computeVectors, a, rowsA, columnsA, s, u, vt);
    public virtual void SvdSolve(Complex32[] a, int rowsA, int columnsA, Complex32[] b, int columnsB, Complex32[] x) => _managed.SvdSolve(a, rowsA, columnsA, b, columnsB, x);
    public virtual void SvdSolveFactored(int rowsA, int columnsA, Complex32[] s, Complex32[] u, Complex32[] vt, Complex32[] b, int columnsB, Complex32[] x) => _managed.SvdSolveFactored(rowsA, columnsA, s, u, vt, b, columnsB, x);
    public virtual void EigenDecomp(bool isSymmetric, int order, Complex32[] matrix, Complex32[] matrixEv, Complex[] vectorEv, Complex32[] matrixD) => _managed.EigenDecomp(isSymmetric, order, matrix, matrixEv, vectorEv, matrixD);
}
