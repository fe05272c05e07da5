// EXERCISE 4.1: Affine backward
// EXPECT: wrote the new DW into the matrix it had set before
class MyAffine(Matrix<double> w, Matrix<double> b) : IAffineLayer
{
    private Matrix<double> Input { get; set; }

    public string Name => "MyAffine";
    public Matrix<double> W { get; } = w;
    public Matrix<double> B { get; } = b;
    public Matrix<double> DW { get; private set; }
    public Matrix<double> DB { get; private set; }

    public Matrix<double> Forward(Matrix<double> x)
    {
        Input = x;
        return (x * W).MapIndexed((_, j, v) => v + B[0, j]);
    }

    public Matrix<double> Backward(Matrix<double> dout)
    {
        DW ??= Matrix<double>.Build.Dense(W.RowCount, W.ColumnCount);
        Input.TransposeThisAndMultiply(dout, DW);   // into the same matrix every call
        DB = Matrix<double>.Build.DenseOfRowVectors(dout.ColumnSums());
        return dout.TransposeAndMultiply(W);
    }
}
