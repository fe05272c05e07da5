// EXERCISE 4.1: Affine backward
// EXPECT: not dout·W
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
        DW = _x.TransposeThisAndMultiply(dout);
        DB = Matrix<double>.Build.DenseOfRowVectors(dout.ColumnSums());
        return dout * W;
    }
}
