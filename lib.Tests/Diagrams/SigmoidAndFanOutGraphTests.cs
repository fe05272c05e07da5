using System.Xml.Linq;
using Backprop.Diagrams;

namespace Backprop.Tests.Diagrams;

/// <summary>The exp and "/" nodes of the book's sigmoid graph, and how a diagram shows gradients adding up.</summary>
public class SigmoidAndFanOutGraphTests
{
    static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    static List<string> Texts(ComputationGraph g, string cssClass) =>
        XDocument.Parse(g.ToSvg()).Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == cssClass).Select(t => t.Value).ToList();

    static (ComputationGraph g, GraphNode x, GraphNode y) Sigmoid(double x0)
    {
        var g = new ComputationGraph("sigmoid");
        var x = g.Input("x", x0);
        var negated = g.Multiply(x, g.Input("−1", -1), "−x");
        var e = g.Exp(negated, "exp(−x)");
        var sum = g.Add(e, g.Input("1", 1), "1 + exp(−x)");
        var y = g.Reciprocal(sum, "y");
        return (g, x, y);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    [InlineData(-3.0)]
    public void Chaining_the_four_nodes_gives_sigmoid_and_its_derivative_y_times_one_minus_y(double x0)
    {
        var (g, x, y) = Sigmoid(x0);
        g.Backward(y);

        var sigma = 1 / (1 + Math.Exp(-x0));
        Assert.Equal(sigma, y.Value, 1e-15);
        Assert.Equal(sigma * (1 - sigma), x.Gradient!.Value, 1e-15);
    }

    [Fact]
    public void Exp_and_reciprocal_hand_back_their_local_derivatives()
    {
        var g = new ComputationGraph("unary");
        var a = g.Input("a", 2);
        var e = g.Exp(a, "e");
        g.Backward(e, 3);
        Assert.Equal(3 * Math.Exp(2), a.Gradient!.Value, 1e-12);   // d eᵃ/da = eᵃ

        var r = g.Reciprocal(a, "r");
        g.Backward(r, 3);
        Assert.Equal(3 * -1.0 / 4, a.Gradient!.Value, 1e-15);   // d(1/a)/da = −1/a²
    }

    [Fact]
    public void Unary_nodes_draw_their_symbol_and_list_as_functions()
    {
        var (g, _, y) = Sigmoid(0);
        g.Backward(y);
        var texts = XDocument.Parse(g.ToSvg()).Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("exp", texts);
        Assert.Contains("/", texts);
        Assert.Contains("exp(−x) = exp(−x)", g.ToString());
        Assert.Contains("y = 1 / 1 + exp(−x)", g.ToString());
        Assert.Equal(["0.25"], Texts(g, "gradient").Where(t => t == "0.25").ToList());   // ∂y/∂x = 0.5 · 0.5 on the x edge
    }

    [Fact]
    public void A_node_used_twice_shows_its_two_edge_gradients_adding_up_to_its_own()
    {
        var g = new ComputationGraph("z = (x + y)²");
        var t = g.Add(g.Input("x", 1), g.Input("y", 2), "t");
        var z = g.Multiply(t, t, "z");
        g.Backward(z);

        Assert.Equal(6, t.Gradient!.Value, 1e-15);
        Assert.Equal(["3 + 3 = 6"], Texts(g, "gradient-sum"));
        Assert.Equal(2, Texts(g, "gradient").Count(s => s == "3"));
    }

    [Fact]
    public void A_node_feeding_two_operations_shows_the_sum_of_their_gradients()
    {
        var g = new ComputationGraph("fan-out");
        var x = g.Input("x", 3);
        var y = g.Add(g.Multiply(x, g.Input("w", 5), "xw"), x, "y");
        g.Backward(y);
        Assert.Equal(["5 + 1 = 6"], Texts(g, "gradient-sum"));
    }

    [Fact]
    public void Without_gradients_or_without_fan_out_there_is_no_sum()
    {
        var g = new ComputationGraph("z = (x + y)²");
        var t = g.Add(g.Input("x", 1), g.Input("y", 2), "t");
        var z = g.Multiply(t, t, "z");
        Assert.Empty(Texts(g, "gradient-sum"));   // before Backward

        var bill = ShoppingGraph.ApplesAndOranges(100, 2, 150, 3, 1.1);
        bill.Backward(bill["price"]);
        Assert.Empty(Texts(bill, "gradient-sum"));   // every node feeds one edge
        Assert.NotNull(z);
    }

    [Fact]
    public void The_ready_built_bill_has_the_books_values_and_named_nodes()
    {
        var bill = ShoppingGraph.ApplesAndOranges(100, 2, 150, 3, 1.1);
        bill.Backward(bill["price"]);
        Assert.Equal(715, bill["price"].Value, 1e-9);
        Assert.Equal(650, bill["all_price"].Value, 1e-12);
        Assert.Equal(3.3, bill["orange"].Gradient!.Value, 1e-12);
        Assert.Equal(650, bill["tax"].Gradient!.Value, 1e-12);
        var missing = Assert.Throws<KeyNotFoundException>(() => bill["banana"]);
        Assert.Contains("banana", missing.Message);
    }

    [Fact]
    public void Digits_round_the_drawn_numbers_but_not_the_values()
    {
        var (g, x, y) = Sigmoid(1);
        g.Backward(y);
        Assert.Contains("0.1966119332", Texts(g, "gradient"));
        g.Digits = 4;
        Assert.Contains("0.1966", Texts(g, "gradient"));
        Assert.Contains("0.7311", Texts(g, "value"));
        Assert.Equal(0.19661193324148185, x.Gradient!.Value, 1e-16);
        Assert.Throws<ArgumentOutOfRangeException>(() => g.Digits = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => g.Digits = 16);
    }
}
