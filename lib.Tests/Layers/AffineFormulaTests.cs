using Backprop.Layers;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Providers.LinearAlgebra;

namespace Backprop.Tests.Layers;

/// <summary>
/// Affine against numbers worked out by hand and against its formulas written out element by element (no MathNet
/// product, transpose or sum in the expected values), and the library's promise that with nothing opted in MathNet's
/// own provider computes every product: NaN and ∞ go where MathNet sends them.
/// </summary>
public class AffineFormulaTests
{
    // x (2×2), W (2×3), b (1×3) and an upstream gradient dout (2×3) small enough to multiply by hand.
    private static readonly double[][] X = [[1, 2], [3, 4]];
    private static readonly double[][] W = [[1, 0, -1], [2, 1, 0]];
    private static readonly double[] B = [0.5, -1, 2];
    private static readonly double[][] Dout = [[1, 0, 2], [-1, 3, 1]];

    [Fact]
    public void Forward_of_a_two_sample_batch_worked_by_hand()
    {
        var affine = new Affine(Loops.Rows(W), Loops.Rows(B));

        var y = affine.Forward(Loops.Rows(X));

        // x·W: row 0 = [1·1 + 2·2, 1·0 + 2·1, 1·(−1) + 2·0] = [5, 2, −1]; row 1 = [3 + 8, 0 + 4, −3 + 0] = [11, 4, −3].
        // + b on every row: [5.5, 1, 1] and [11.5, 3, −1].
        Loops.Near(Loops.Rows([5.5, 1, 1], [11.5, 3, -1]), y, 0, "out");
    }

    [Fact]
    public void Backward_of_a_two_sample_batch_worked_by_hand()
    {
        var affine = new Affine(Loops.Rows(W), Loops.Rows(B));
        affine.Forward(Loops.Rows(X));

        var dx = affine.Backward(Loops.Rows(Dout));

        // dx = dout·Wᵀ, Wᵀ = [[1, 2], [0, 1], [−1, 0]]:
        //   row 0 = [1·1 + 0·0 + 2·(−1), 1·2 + 0·1 + 2·0] = [−1, 2]; row 1 = [−1 + 0 − 1, −2 + 3 + 0] = [−2, 1].
        Loops.Near(Loops.Rows([-1, 2], [-2, 1]), dx, 0, "dx");
        // dW = xᵀ·dout, xᵀ = [[1, 3], [2, 4]]:
        //   row 0 = 1·[1, 0, 2] + 3·[−1, 3, 1] = [−2, 9, 5]; row 1 = 2·[1, 0, 2] + 4·[−1, 3, 1] = [−2, 12, 8].
        Loops.Near(Loops.Rows([-2, 9, 5], [-2, 12, 8]), affine.DW!, 0, "dW");
        // db = column sums of dout = [1 − 1, 0 + 3, 2 + 1] = [0, 3, 3].
        Loops.Near(Loops.Rows([0, 3, 3]), affine.DB!, 0, "db");
    }

    // A square case too, so that a transpose in the wrong place keeps the shape and must show in the values.
    public static TheoryData<int, int, int> Shapes => new() { { 1, 1, 1 }, { 4, 4, 4 }, { 3, 4, 5 }, { 7, 3, 2 }, { 100, 50, 10 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_equals_the_sum_over_inputs_of_x_times_W_plus_b_element_by_element(int rows, int inputs, int outputs)
    {
        var w = RandomMatrix.Uniform(inputs, outputs, 1);
        var b = RandomMatrix.Uniform(1, outputs, 2);
        var x = RandomMatrix.Uniform(rows, inputs, 3);

        var y = new Affine(w, b).Forward(x);

        // Values in [−1, 1): each sum of `inputs` products is off by at most ~inputs·2⁻⁵³ from another summation order.
        Loops.Near(Loops.PlusRow(Loops.Product(x, w), b), y, 1e-14 * inputs, "out");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Backward_gives_dx_dW_and_db_as_the_formulas_written_out_element_by_element(int rows, int inputs, int outputs)
    {
        var w = RandomMatrix.Uniform(inputs, outputs, 1);
        var affine = new Affine(w, RandomMatrix.Uniform(1, outputs, 2));
        var x = RandomMatrix.Uniform(rows, inputs, 3);
        var dout = RandomMatrix.Uniform(rows, outputs, 4);
        var doutBefore = dout.Clone();
        affine.Forward(x);

        var dx = affine.Backward(dout);

        Loops.Near(Loops.Product(doutBefore, Loops.Transposed(w)), dx, 1e-14 * outputs, "dx = dout·Wᵀ");
        Loops.Near(Loops.Product(Loops.Transposed(x), doutBefore), affine.DW!, 1e-14 * rows, "dW = xᵀ·dout");
        Loops.Near(Loops.ColumnSums(doutBefore), affine.DB!, 1e-14 * rows, "db = column sums of dout");
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
