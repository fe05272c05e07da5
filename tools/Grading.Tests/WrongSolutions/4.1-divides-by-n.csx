// EXERCISE 4.1: Affine backward
// EXPECT: does not divide by N
class MyAffine(Matrix<double> w, Matrix<double> b) : IAffineLayer
{
    private Matrix<double> _x;

    public string Name => "MyAffine";
    public Matrix<double> W { get; } = w;
    public Matrix<double> B { get; } = b;
    public Matrix<double> DW { get; private set; }
    public Matrix<double> DB { get; private set; }

    public Matrix<double> Forward(Matrix<double> x)
    {
        _x = x;
        return (x * W).MapIndexed((_, j, v) => v + B[0, j]);
    }

    public Matrix<double> Backward(Matrix<double> dout)
    {
        var n = dout.RowCount;
        DW = _x.TransposeThisAndMultiply(dout) / n;
        DB = Matrix<double>.Build.DenseOfRowVectors(dout.ColumnSums()) / n;
        return dout.TransposeAndMultiply(W);
    }
}
