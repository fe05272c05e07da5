// EXERCISE 3.1: ReLU backward
// EXPECT: in place
class MyRelu : ILayer
{
    private Matrix<double> _passes;

    public string Name => "MyRelu";

    public Matrix<double> Forward(Matrix<double> x)
    {
        _passes = x.Map(v => v > 0 ? 1.0 : 0.0);
        return x.Map(v => v > 0 ? v : 0.0);
    }

    public Matrix<double> Backward(Matrix<double> dout)
    {
        // The Python original's dout[self.mask] = 0, ported literally.
        for (var i = 0; i < dout.RowCount; i++)
            for (var j = 0; j < dout.ColumnCount; j++)
                if (_passes[i, j] == 0) dout[i, j] = 0;
        return dout;
    }
}
