using Backprop.Formatting;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Formatting;

public class MatrixTextTests
{
    private static Matrix<double> M(double[,] values) => Matrix<double>.Build.DenseOfArray(values);

    [Fact]
    public void Rows_are_printed_row_by_row_with_right_aligned_columns_and_no_floating_point_noise() =>
        // Lesson 4's Y = X·W + b: MathNet stores it column by column (2.3, 5, 2.7, 6.3); a reader reads rows.
        Assert.Equal("  2.3  2.7\n    5  6.3", MatrixText.Of(M(new[,] { { 2.3000000000000003, 2.6999999999999997 }, { 5, 6.3 } })));

    [Fact]
    public void A_name_line_gives_the_shape() =>
        Assert.Equal("dW (3 × 2):\n    3  7\n  4.5  8\n    6  9", MatrixText.Of("dW", M(new[,] { { 3, 7 }, { 4.5, 8 }, { 6, 9 } })));

    [Fact]
    public void Negative_numbers_and_zeros_line_up_and_negative_zero_is_zero() =>
        Assert.Equal("-0.1     0\n  12  -3.5", MatrixText.Of(M(new[,] { { -0.1, -0.0 }, { 12, -3.5 } }), indent: 0));

    [Fact]
    public void Digits_round_each_number() =>
        Assert.Equal("0.333  1e-7", MatrixText.Of(M(new[,] { { 1.0 / 3, 1.00004e-7 } }), digits: 3, indent: 0));

    [Fact]
    public void Large_matrices_show_their_first_rows_and_columns_an_ellipsis_and_the_last_ones()
    {
        var m = Matrix<double>.Build.Dense(50, 784, (i, j) => i * 1000 + j);
        var lines = MatrixText.Of(m, maxRows: 4, maxColumns: 4, indent: 0).Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.Equal(["0", "1", "…", "783"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["…", "…", "…", "…"], lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["49000", "49001", "…", "49783"], lines[3].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.All(MatrixText.Of(m).Split('\n'), line => Assert.True(line.Length < 110, line));
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        var m = M(new double[,] { { 1 } });
        Assert.Throws<ArgumentNullException>(() => MatrixText.Of((Matrix<double>)null!));
        Assert.Throws<ArgumentNullException>(() => MatrixText.Of(null!, m));
        Assert.Throws<ArgumentOutOfRangeException>(() => MatrixText.Of(m, digits: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => MatrixText.Of(m, maxColumns: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => MatrixText.Of(m, indent: -1));
    }
}
