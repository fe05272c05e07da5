// EXERCISE 4.1: Affine backward
// EXPECT: wrong dimension
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
        DW = Input.TransposeThisAndMultiply(dout);
        // Sums over W.RowCount (D) rows instead of the batch's N: fine while N = D.
        DB = Matrix<double>.Build.Dense(1, W.ColumnCount, (_, j) => Enumerable.Range(0, W.RowCount).Sum(n => dout[n, j]));
        return dout.TransposeAndMultiply(W);
    }
}
