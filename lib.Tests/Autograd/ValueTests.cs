using Backprop.Autograd;

namespace Backprop.Tests.Autograd;

/// <summary>
/// Value's forward results and its gradients, compared with the book's numbers and with central differences
/// (h = 1e-5 on smooth functions of order-1 inputs: truncation error ~1e-10, rounding ~1e-11; tolerance 1e-6).
/// </summary>
public class ValueTests
{
    private const double Tolerance = 1e-9, Numerical = 1e-6;

    /// <summary>Gradient of f at x by backpropagation.</summary>
    private static double[] Backprop(Func<Value[], Value> f, double[] x)
    {
        var inputs = x.Select(v => new Value(v)).ToArray();
        f(inputs).Backward();
        return inputs.Select(v => v.Grad).ToArray();
    }

    /// <summary>Gradient of f at x by central differences, using only forward values.</summary>
    private static double[] CentralDifference(Func<Value[], Value> f, double[] x, double h = 1e-5)
    {
        double F(double[] at) => f(at.Select(v => new Value(v)).ToArray()).Data;
        return x.Select((_, i) =>
        {
            var plus = (double[])x.Clone(); plus[i] += h;
            var minus = (double[])x.Clone(); minus[i] -= h;
            return (F(plus) - F(minus)) / (2 * h);
        }).ToArray();
    }

    private static void AgreesWithCentralDifference(Func<Value[], Value> f, params double[] x)
    {
        var analytic = Backprop(f, x);
        var numeric = CentralDifference(f, x);
        for (var i = 0; i < x.Length; i++) Assert.Equal(numeric[i], analytic[i], Numerical);
    }

    [Fact]
    public void Apple_bill_gives_220_and_the_books_gradients()
    {
        Value apple = 100, appleNum = 2, tax = 1.1;
        var price = apple * appleNum * tax;
        price.Backward();
        Assert.Equal(220, price.Data, Tolerance);
        Assert.Equal(2.2, apple.Grad, Tolerance);
        Assert.Equal(110, appleNum.Grad, Tolerance);
        Assert.Equal(200, tax.Grad, Tolerance);
        Assert.Equal(1, price.Grad);
    }

    [Fact]
    public void Apple_and_orange_bill_gives_715_and_the_books_gradients()
    {
        Value apple = 100, appleNum = 2, orange = 150, orangeNum = 3, tax = 1.1;
        var price = (apple * appleNum + orange * orangeNum) * tax;
        price.Backward();
        Assert.Equal(715, price.Data, Tolerance);
        Assert.Equal(2.2, apple.Grad, Tolerance);
        Assert.Equal(110, appleNum.Grad, Tolerance);
        Assert.Equal(3.3, orange.Grad, Tolerance);
        Assert.Equal(165, orangeNum.Grad, Tolerance);
        Assert.Equal(650, tax.Grad, Tolerance);
    }

    [Fact]
    public void A_plus_a_accumulates_both_uses_to_2()
    {
        Value a = 3;
        var b = a + a;
        b.Backward();
        Assert.Equal(6, b.Data);
        Assert.Equal(2, a.Grad, Tolerance);
    }

    [Fact]
    public void A_times_a_gives_2a()
    {
        Value a = -1.5;
        var b = a * a;
        b.Backward();
        Assert.Equal(-3, a.Grad, Tolerance);
    }

    [Fact]
    public void Fan_out_z_equals_square_of_x_plus_y_gives_2_times_x_plus_y()
    {
        Value x = 1, y = 2;
        var t = x + y;
        var z = t * t;
        z.Backward();
        Assert.Equal(9, z.Data, Tolerance);
        Assert.Equal(6, t.Grad, Tolerance);
        Assert.Equal(6, x.Grad, Tolerance);
        Assert.Equal(6, y.Grad, Tolerance);
    }

    [Theory]
    [InlineData(0.7, -1.3)]
    [InlineData(-2.1, 0.4)]
    [InlineData(1.9, 2.6)]
    public void Every_operation_agrees_with_central_differences(double u, double w)
    {
        AgreesWithCentralDifference(v => v[0] + v[1], u, w);
        AgreesWithCentralDifference(v => v[0] - v[1], u, w);
        AgreesWithCentralDifference(v => v[0] * v[1], u, w);
        AgreesWithCentralDifference(v => v[0] / v[1], u, w);
        AgreesWithCentralDifference(v => -v[0] * v[1], u, w);
        AgreesWithCentralDifference(v => v[0].Pow(3) + v[1].Pow(2), u, w);
        AgreesWithCentralDifference(v => v[0].Exp() * v[1], u, w);
        AgreesWithCentralDifference(v => v[0].Tanh() + (v[0] * v[1]).Tanh(), u, w);
        AgreesWithCentralDifference(v => v[0].Relu() * v[1] + v[1].Relu(), u, w);
    }

    [Fact]
    public void Shared_subexpressions_agree_with_central_differences()
    {
        // x feeds four operations and e feeds three: every path must add its share.
        AgreesWithCentralDifference(v =>
        {
            var (x, y) = (v[0], v[1]);
            var e = (x * y).Exp();
            return e * x + e.Tanh() * y - e / (x * x + 1) + x.Relu();
        }, 0.3, -0.8);
    }

    [Fact]
    public void A_small_neuron_layer_agrees_with_central_differences()
    {
        AgreesWithCentralDifference(v =>
        {
            Value h1 = (v[0] * v[2] + v[1] * v[3] + v[4]).Tanh();
            Value h2 = (v[0] * v[3] - v[1] * v[2] + 0.1).Relu();
            return (h1 * v[5] + h2 * v[5] - 1).Pow(2);
        }, 0.5, -1.2, 0.8, 0.3, -0.1, 1.7);
    }

    [Fact]
    public void Relu_blocks_the_gradient_at_zero_like_the_books_mask()
    {
        Value x = 0;
        var y = x.Relu();
        y.Backward();
        Assert.Equal(0, y.Data);
        Assert.Equal(0, x.Grad);
    }

    [Fact]
    public void Local_derivatives_of_tanh_exp_and_pow_are_the_stated_formulas()
    {
        Value x = 0.6;
        var t = x.Tanh(); t.Backward();
        Assert.Equal(1 - Math.Tanh(0.6) * Math.Tanh(0.6), x.Grad, Tolerance);
        var e = x.Exp(); e.Backward();
        Assert.Equal(Math.Exp(0.6), x.Grad, Tolerance);
        var p = x.Pow(-2); p.Backward();
        Assert.Equal(-2 * Math.Pow(0.6, -3), x.Grad, Tolerance);
    }

    [Fact]
    public void Deep_chain_of_a_million_operations_does_not_overflow_the_stack()
    {
        // d/dx of x + 1 + 1 + … is 1, and of 1.000001^n · x it is 1.000001^n: exact chains of known gradient.
        const int depth = 1_000_000;
        Value x = 2;
        var y = x;
        for (var i = 0; i < depth; i++) y = y + 1;
        y.Backward();
        Assert.Equal(depth + 2, y.Data, Tolerance);
        Assert.Equal(1, x.Grad);

        Value z = 0.5;
        var w = z;
        for (var i = 0; i < 100_000; i++) w = (w * 1.00001).Tanh() + 0 * w;
        w.Backward();
        Assert.True(double.IsFinite(z.Grad));
    }

    [Fact]
    public void Topological_order_lists_each_value_once_after_all_its_inputs()
    {
        Value a = 1, b = 2;
        var c = a * b;
        var d = c + a;            // a is used twice
        var e = d * c;            // c is used twice (a diamond)
        var order = e.TopologicalOrder();
        Assert.Equal(5, order.Count);
        Assert.Equal(order.Count, order.Distinct().Count());
        Assert.Same(e, order[^1]);
        foreach (var v in order)
            foreach (var input in v.Inputs)
                Assert.True(IndexOf(order, input) < IndexOf(order, v), $"{input} must come before {v}");
    }

    [Fact]
    public void Backward_twice_gives_the_same_gradients_not_double()
    {
        Value x = 3, y = 4;
        var z = x * y + x;
        z.Backward();
        z.Backward();
        Assert.Equal(5, x.Grad, Tolerance);
        Assert.Equal(3, y.Grad, Tolerance);
    }

    [Fact]
    public void An_assigning_backward_gets_a_plus_a_wrong_and_accumulating_gets_it_right()
    {
        // A user-defined + whose local backward assigns: the second use overwrites the first.
        static Value AssigningAdd(Value a, Value b) =>
            new(a.Data + b.Data, "+", [a, b], o => { a.Grad = o.Grad; b.Grad = o.Grad; });
        Value a = 3;
        var wrong = AssigningAdd(a, a);
        wrong.Backward();
        Assert.Equal(1, a.Grad);
        var right = a + a;
        right.Backward();
        Assert.Equal(2, a.Grad);
    }

    [Fact]
    public void Null_operands_are_rejected_with_the_operation_named()
    {
        Value a = 1;
        var error = Assert.Throws<ArgumentNullException>(() => a + (Value)null!);
        Assert.Contains("'+'", error.Message);
        Assert.Throws<ArgumentNullException>(() => new Value(1, "f", [a, null!], _ => { }));
    }

    [Fact]
    public void ToString_shows_label_data_grad_and_op()
    {
        Value a = 2, b = 3;
        var c = a * b;
        c.Label = "c";
        Assert.Equal("Value(c: data=6, grad=0, op=×)", c.ToString());
    }

    private static int IndexOf(IReadOnlyList<Value> order, Value v)
    {
        for (var i = 0; i < order.Count; i++) if (ReferenceEquals(order[i], v)) return i;
        return -1;
    }
}
