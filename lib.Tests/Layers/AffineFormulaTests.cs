using Backprop.Layers;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Providers.LinearAlgebra;

namespace Backprop.Tests.Layers;

/// <summary>
/// Affine against its formulas written out element by element, and the library's promise that with nothing opted in
/// MathNet's own provider computes every product: NaN and ∞ go where MathNet sends them.
/// </summary>
public class AffineFormulaTests
{
    public static TheoryData<int, int, int> Shapes => new() { { 1, 1, 1 }, { 3, 4, 5 }, { 7, 3, 2 }, { 100, 50, 10 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_equals_the_product_plus_the_bias_added_to_every_row_bit_for_bit(int rows, int inputs, int outputs)
    {
        var w = RandomMatrix.Uniform(inputs, outputs, 1);
        var b = RandomMatrix.Uniform(1, outputs, 2);
        var x = RandomMatrix.Uniform(rows, inputs, 3);
        var product = x * w;
        var expected = Matrix<double>.Build.Dense(rows, outputs, (i, j) => product.At(i, j) + b.At(0, j));

        BitExact.Equal(expected, new Affine(w, b).Forward(x));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Backward_gives_dx_dW_and_db_as_the_formulas_written_out_bit_for_bit(int rows, int inputs, int outputs)
    {
        var affine = new Affine(RandomMatrix.Uniform(inputs, outputs, 1), RandomMatrix.Uniform(1, outputs, 2));
        var x = RandomMatrix.Uniform(rows, inputs, 3);
        var dout = RandomMatrix.Uniform(rows, outputs, 4);
        var doutBefore = dout.Clone();
        affine.Forward(x);

        var dx = affine.Backward(dout);

        BitExact.Equal(dout.TransposeAndMultiply(affine.W.Data), dx);
        BitExact.Equal(x.TransposeThisAndMultiply(dout), affine.DW!);
        var db = Matrix<double>.Build.Dense(1, outputs);
        for (var j = 0; j < outputs; j++)
            for (var i = 0; i < rows; i++) db.At(0, j, db.At(0, j) + dout.At(i, j));
        BitExact.Equal(db, affine.DB!);
        BitExact.Equal(doutBefore, dout);
    }

    [Fact]
    public void A_NaN_weight_facing_a_pixel_that_is_zero_in_every_image_gives_NaN_as_MathNets_product_does()
    {
        Assert.IsType<ManagedLinearAlgebraProvider>(LinearAlgebraControl.Provider);
        var x = RandomMatrix.Uniform(100, 20, 5);
        x.SetColumn(3, new double[100]); // a pixel that is zero in every image
        var w = RandomMatrix.Uniform(20, 50, 6);
        w.At(3, 7, double.NaN);

        var output = new Affine(w, Matrix<double>.Build.Dense(1, 50)).Forward(x);

        // 0 · NaN is NaN: every row of column 7, exactly as x * w computes it.
        Assert.Equal(100, output.Column(7).Count(double.IsNaN));
        Assert.Equal(100, (x * w).Column(7).Count(double.IsNaN));
    }
}
