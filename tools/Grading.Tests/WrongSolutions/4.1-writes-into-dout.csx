// EXERCISE 4.1: Affine backward
// EXPECT: Backward wrote into dout
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
        var dx = dout.TransposeAndMultiply(W);
        // Accumulate the bias gradient in dout's first row (in place).
        for (var i = 1; i < dout.RowCount; i++) dout.SetRow(0, dout.Row(0) + dout.Row(i));
        DB = dout.SubMatrix(0, 1, 0, dout.ColumnCount);
        return dx;
    }
}
