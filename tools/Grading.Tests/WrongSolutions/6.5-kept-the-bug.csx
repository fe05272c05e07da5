// EXERCISE 6.5: The mended Affine layer
// EXPECT: planted mistake
// Forward is given (BuggyAffine's). Backward gets dout (N×out): set DW (in×out, W's shape) and DB (1×out), return dx (N×in),
// all new matrices, from the x of the latest Forward; dout, x, W and b stay unchanged. Mend BuggyAffine's one wrong line.
class MendedAffine(Matrix<double> w, Matrix<double> b) : IAffineLayer
{
    public string Name => "MendedAffine";
    public Matrix<double> W { get; } = w;
    public Matrix<double> B { get; } = b;
    public Matrix<double> DW { get; private set; }
    public Matrix<double> DB { get; private set; }
    Matrix<double> X { get; set; }

    public Matrix<double> Forward(Matrix<double> x)
    {
        X = x;
        return x * W + Matrix<double>.Build.Dense(x.RowCount, 1, 1.0) * B;
    }

    public Matrix<double> Backward(Matrix<double> dout)
    {
        DW = dout.TransposeThisAndMultiply(X);
        DB = dout.ColumnSums().ToRowMatrix();
        return dout.TransposeAndMultiply(W);
    }
}
