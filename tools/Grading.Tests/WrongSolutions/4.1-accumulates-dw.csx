// EXERCISE 4.1: Affine backward
// EXPECT: DW accumulates over Backward calls
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
        var dW = Input.TransposeThisAndMultiply(dout);
        DW = DW is null ? dW : DW + dW;   // += across calls
        DB = Matrix<double>.Build.DenseOfRowVectors(dout.ColumnSums());
        return dout.TransposeAndMultiply(W);
    }
}
