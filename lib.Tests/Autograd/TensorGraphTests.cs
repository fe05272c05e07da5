using Backprop.Autograd;
using Backprop.Errors;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Autograd;

/// <summary>
/// What <see cref="Tensor"/> does as a graph: forward values of hand-sized examples, gradients that add up where a tensor is
/// read twice, Backward in topological order, a fresh start on every Backward, and the errors a learner meets.
/// </summary>
public class TensorGraphTests
{
    private const double Rounding = 1e-12;

    private static Matrix<double> M(double[,] values) => Matrix<double>.Build.DenseOfArray(values);

    private static void Near(Matrix<double> expected, Matrix<double> actual, double tolerance = Rounding)
    {
        Assert.Equal(expected.RowCount, actual.RowCount);
        Assert.Equal(expected.ColumnCount, actual.ColumnCount);
        Assert.InRange(RandomMatrix.MaxAbsDifference(expected, actual), 0, tolerance);
    }

    [Fact]
    public void Broadcasting_repeats_a_row_a_column_and_a_number()
    {
        var x = new Tensor(M(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } }));
        Near(M(new double[,] { { 11, 22, 33 }, { 14, 25, 36 } }), (x + M(new double[,] { { 10, 20, 30 } })).Data);
        Near(M(new double[,] { { 10, 20, 30 }, { -4, -5, -6 } }), (x * M(new double[,] { { 10 }, { -1 } })).Data);
        Near(M(new double[,] { { 0.5, 1, 1.5 }, { 2, 2.5, 3 } }), (x / 2).Data);
        Near(M(new double[,] { { 9, 8, 7 }, { 6, 5, 4 } }), (10 - x).Data);
        // A 1×3 row against a 2×1 column: both repeat, to 2×3.
        Near(M(new double[,] { { 101, 102, 103 }, { 201, 202, 203 } }), (new Tensor(M(new double[,] { { 1, 2, 3 } })) + M(new double[,] { { 100 }, { 200 } })).Data);
    }

    [Fact]
    public void Broadcast_operands_receive_their_gradients_summed_over_the_repeated_axis()
    {
        var x = new Tensor(M(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } }));
        var row = new Tensor(M(new double[,] { { 1, 1, 1 } }));
        var column = new Tensor(M(new double[,] { { 2 }, { 3 } }));
        var number = new Tensor(M(new double[,] { { 10 } }));
        var dout = M(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        (x * row + column * number).Backward(dout);
        Near(M(new double[,] { { 1 + 16, 4 + 25, 9 + 36 } }), row.Grad, 0);        // column sums of dout ⊙ x
        Near(M(new double[,] { { 60 }, { 150 } }), column.Grad, 0);                // row sums of dout, times 10
        Near(M(new double[,] { { 2 * 6 + 3 * 15 } }), number.Grad, 0);             // Σ dout ⊙ column
        Near(dout, x.Grad, 0);                                                     // row is all ones
    }

    [Fact]
    public void Reductions_give_sums_means_first_maxima_and_picked_entries()
    {
        var x = new Tensor(M(new double[,] { { 3, -1, 3 }, { 0, 7, 2 } }));
        Near(M(new double[,] { { 3, 6, 5 } }), x.Sum(0).Data);
        Near(M(new double[,] { { 5 }, { 9 } }), x.Sum(1).Data);
        Near(M(new double[,] { { 14 } }), x.Sum().Data);
        Near(M(new double[,] { { 1.5, 3, 2.5 } }), x.Mean(0).Data);
        Near(M(new double[,] { { 5.0 / 3 }, { 3 } }), x.Mean(1).Data);
        Near(M(new double[,] { { 14.0 / 6 } }), x.Mean().Data);
        Near(M(new double[,] { { 3, 7, 3 } }), x.Max(0).Data);
        Near(M(new double[,] { { 3 }, { 7 } }), x.Max(1).Data);
        Near(M(new double[,] { { -1 }, { 0 } }), x.Pick([1, 0]).Data);
    }

    [Fact]
    public void Max_sends_the_gradient_to_the_first_maximum_only()
    {
        // Row 0 has its maximum 3 twice: NumPy's argmax, and so the gradient, takes the first.
        var x = new Tensor(M(new double[,] { { 3, -1, 3 }, { 0, 7, 7 } }));
        x.Max(1).Backward(M(new double[,] { { 2 }, { 5 } }));
        Near(M(new double[,] { { 2, 0, 0 }, { 0, 5, 0 } }), x.Grad, 0);

        var y = new Tensor(M(new double[,] { { 1, 4 }, { 1, 2 }, { 0, 4 } }));
        y.Max(0).Backward(M(new double[,] { { 3, 6 } }));
        Near(M(new double[,] { { 3, 6 }, { 0, 0 }, { 0, 0 } }), y.Grad, 0);
    }

    [Fact]
    public void Max_lets_a_NaN_through_as_NumPy_does()
    {
        var x = new Tensor(M(new double[,] { { 1, double.NaN, 5 }, { double.NaN, 2, 3 } }));
        Assert.All(x.Max(1).Data.Enumerate(), v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void Pick_adds_the_gradient_once_per_pick_where_rows_pick_the_same_column()
    {
        var x = new Tensor(M(new double[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } }));
        x.Pick([1, 1, 0]).Backward(M(new double[,] { { 10 }, { 20 }, { 30 } }));
        Near(M(new double[,] { { 0, 10 }, { 0, 20 }, { 30, 0 } }), x.Grad, 0);
    }

    [Fact]
    public void A_tensor_read_twice_receives_both_shares()
    {
        var values = M(new double[,] { { 1.5, -2 }, { 0.5, 3 } });
        var dout = M(new double[,] { { 1, -1 }, { 2, 0.5 } });

        var x = new Tensor(values);
        (x + x).Backward(dout);
        Near(2 * dout, x.Grad);

        (x * x).Backward(dout);
        Near(2 * values.PointwiseMultiply(dout), x.Grad);

        // x·x: dout·xᵀ from the left use plus xᵀ·dout from the right.
        x.MatMul(x).Backward(dout);
        Near(dout * values.Transpose() + values.Transpose() * dout, x.Grad);

        // Two different operations reading x: eˣ + tanh x.
        (x.Exp() + x.Tanh()).Backward(dout);
        Near(dout.PointwiseMultiply(values.PointwiseExp() + 1 - values.PointwiseTanh().PointwisePower(2)), x.Grad);
    }

    [Fact]
    public void Backward_runs_in_topological_order_on_a_diamond()
    {
        // m feeds p = eᵐ and, directly, q = p ⊙ m: m's backward may run only after both q's and p's have added their
        // shares. ∂q/∂m = eᵐ·m + eᵐ, and m = tanh a, so ∂q/∂a = eᵐ(m + 1)(1 − m²).
        var values = M(new double[,] { { 0.3, -0.7, 1.1 } });
        var a = new Tensor(values, "a");
        var m = a.Tanh(); m.Label = "m";
        var p = m.Exp(); p.Label = "p";
        var q = p * m; q.Label = "q";
        var loss = q.Sum(); loss.Label = "loss";
        loss.Backward();

        var mv = values.PointwiseTanh();
        Near(mv.PointwiseExp().PointwiseMultiply(mv + 1).PointwiseMultiply(1 - mv.PointwisePower(2)), a.Grad);
        Near(mv.PointwiseExp().PointwiseMultiply(mv + 1), m.Grad);

        var order = loss.TopologicalOrder();
        Assert.Equal(["a", "m", "p", "q", "loss"], order.Select(t => t.Label));
        foreach (var node in order)
            foreach (var input in node.Inputs)
                Assert.True(IndexOf(order, input) < IndexOf(order, node), $"{input} comes after {node}, which reads it.");
    }

    [Fact]
    public void Each_operation_passes_its_gradient_on_only_after_every_use_of_its_output_has_added_its_share()
    {
        // An identity operation that records the gradient it passes back: in a graph where s is used by three operations at
        // different depths, s's gradient at the moment its local backward runs must already be the complete one.
        var seen = new List<Matrix<double>>();
        Tensor Spy(Tensor t) => new(t.Data, "spy", [t], output => { seen.Add(output.Grad.Clone()); t.Grad += output.Grad; });

        var x = new Tensor(M(new double[,] { { 0.2, -0.4 }, { 0.9, 0.1 } }));
        var s = Spy(x);
        var loss = ((s * s).Exp() + s.Tanh().MatMul(s) - s).Sum();
        loss.Backward();

        Assert.Single(seen);
        Near(s.Grad, seen[0], 0);
        Near(s.Grad, x.Grad, 0);
    }

    [Fact]
    public void Every_backward_starts_afresh_and_changes_no_data()
    {
        var values = M(new double[,] { { 0.5, -1.5 }, { 2, 0.25 } });
        var kept = values.Clone();
        var dout = M(new double[,] { { 1, 2 }, { 3, 4 } });
        var keptDout = dout.Clone();
        var x = new Tensor(values);
        var y = (x * x + x).Tanh();

        y.Backward(dout);
        var first = x.Grad.Clone();
        y.Backward(dout);

        Near(first, x.Grad, 0);
        Near(kept, values, 0);
        Near(keptDout, dout, 0);
    }

    [Fact]
    public void A_given_tensor_uses_its_matrix_so_an_in_place_update_is_seen()
    {
        var w = Matrix<double>.Build.Dense(2, 2, 1.0);
        var tw = new Tensor(w);
        w.Multiply(3.0, w);
        Assert.Equal(12, tw.Sum().Data[0, 0]);
    }

    [Fact]
    public void A_chain_of_100000_operations_does_not_overflow_the_stack()
    {
        var x = new Tensor(M(new double[,] { { 0 } }));
        var v = x;
        for (var i = 0; i < 100_000; i++) v = v + 1;
        v.Backward();
        Assert.Equal(100_000, v.Data[0, 0]);
        Assert.Equal(1, x.Grad[0, 0]);
    }

    [Theory]
    [InlineData("+")]
    [InlineData("−")]
    [InlineData("×")]
    [InlineData("÷")]
    public void Shapes_that_do_not_broadcast_are_an_error_naming_the_operation_and_both_shapes(string op)
    {
        Tensor a = Matrix<double>.Build.Dense(3, 4), b = Matrix<double>.Build.Dense(2, 4);
        Func<Tensor> apply = op switch { "+" => () => a + b, "−" => () => a - b, "×" => () => a * b, _ => () => a / b };
        var error = Assert.Throws<ShapeMismatchException>(() => apply());
        Assert.Contains($"'{op}'", error.Message);
        Assert.Contains("3×4", error.Message);
        Assert.Contains("2×4", error.Message);
        Assert.Contains("broadcast", error.Message);
    }

    [Fact]
    public void Broadcast_and_SumToShape_undo_each_other_and_refuse_shapes_that_do_not_fit()
    {
        var column = M(new double[,] { { 1 }, { 2 } });
        Near(M(new double[,] { { 1, 1, 1 }, { 2, 2, 2 } }), Tensor.Broadcast(column, 2, 3), 0);
        Near(M(new double[,] { { 3 }, { 6 } }), Tensor.SumToShape(Tensor.Broadcast(column, 2, 3), 2, 1), 0);
        Near(M(new double[,] { { 9 } }), Tensor.SumToShape(Tensor.Broadcast(column, 2, 3), 1, 1), 0);
        Assert.Contains("2×1", Assert.Throws<ShapeMismatchException>(() => Tensor.Broadcast(column, 3, 3)).Message);
        Assert.Contains("3×4", Assert.Throws<ShapeMismatchException>(() => Tensor.SumToShape(Matrix<double>.Build.Dense(3, 4), 2, 4)).Message);
    }

    [Fact]
    public void A_row_of_the_wrong_length_does_not_broadcast()
    {
        Tensor a = Matrix<double>.Build.Dense(3, 4), row = Matrix<double>.Build.Dense(1, 3);
        var error = Assert.Throws<ShapeMismatchException>(() => a + row);
        Assert.Contains("3×4", error.Message);
        Assert.Contains("1×3", error.Message);
    }

    [Fact]
    public void Matrix_product_of_shapes_that_do_not_fit_is_an_error_naming_both()
    {
        Tensor a = Matrix<double>.Build.Dense(2, 3), b = Matrix<double>.Build.Dense(2, 3);
        var error = Assert.Throws<ShapeMismatchException>(() => a.MatMul(b));
        Assert.Contains("MatMul", error.Message);
        Assert.Contains("2×3", error.Message);
    }

    [Fact]
    public void Pick_with_the_wrong_number_of_indices_or_one_out_of_range_is_an_error()
    {
        Tensor x = Matrix<double>.Build.Dense(3, 4);
        var count = Assert.Throws<ShapeMismatchException>(() => x.Pick([0, 1]));
        Assert.Contains("2 column indices", count.Message);
        Assert.Contains("3×4", count.Message);
        var high = Assert.Throws<ArgumentOutOfRangeException>(() => x.Pick([0, 4, 1]));
        Assert.Contains("row 1 is 4", high.Message);
        Assert.Contains("0..3", high.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Pick([0, 1, -1]));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2)]
    public void An_axis_other_than_0_or_1_is_an_error(int axis)
    {
        Tensor x = Matrix<double>.Build.Dense(3, 4);
        Assert.Contains("Sum", Assert.Throws<ArgumentOutOfRangeException>(() => x.Sum(axis)).Message);
        Assert.Contains("Mean", Assert.Throws<ArgumentOutOfRangeException>(() => x.Mean(axis)).Message);
        Assert.Contains("Max", Assert.Throws<ArgumentOutOfRangeException>(() => x.Max(axis)).Message);
    }

    [Fact]
    public void Backward_without_dout_needs_a_1x1_output_and_dout_needs_the_outputs_shape()
    {
        var y = new Tensor(Matrix<double>.Build.Dense(2, 3)).Exp();
        var noDout = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("2×3", noDout.Message);
        Assert.Contains("Backward(dout)", noDout.Message);
        var wrong = Assert.Throws<ShapeMismatchException>(() => y.Backward(Matrix<double>.Build.Dense(3, 2)));
        Assert.Contains("3×2", wrong.Message);
        Assert.Contains("2×3", wrong.Message);
    }

    [Fact]
    public void A_gradient_of_another_shape_cannot_be_assigned()
    {
        var x = new Tensor(Matrix<double>.Build.Dense(2, 3), "W1");
        var error = Assert.Throws<ShapeMismatchException>(() => x.Grad = Matrix<double>.Build.Dense(3, 2));
        Assert.Contains("'W1'", error.Message);
    }

    [Fact]
    public void A_null_operand_is_an_error_naming_the_operation()
    {
        Tensor x = Matrix<double>.Build.Dense(1, 1);
        Assert.Contains("'×'", Assert.Throws<ArgumentNullException>(() => x * (Tensor)null!).Message);
        Assert.Throws<ArgumentNullException>(() => x.MatMul(null!));
        Assert.Throws<ArgumentNullException>(() => x.Pick(null!));
    }

    [Fact]
    public void ToString_shows_label_shape_and_operation()
    {
        var h = new Tensor(Matrix<double>.Build.Dense(4, 3)).Tanh();
        h.Label = "h";
        Assert.Equal("Tensor(h: 4×3, op=tanh)", h.ToString());
        Assert.Equal("Tensor(1×1)", ((Tensor)2.0).ToString());
    }

    private static int IndexOf(IReadOnlyList<Tensor> order, Tensor t)
    {
        for (var i = 0; i < order.Count; i++) if (ReferenceEquals(order[i], t)) return i;
        return -1;
    }
}
