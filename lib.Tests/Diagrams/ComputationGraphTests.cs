using Backprop.Diagrams;

namespace Backprop.Tests.Diagrams;

public class ComputationGraphTests
{
    const double Tolerance = 1e-9;

    [Fact]
    public void Forward_values_of_the_apple_graph_match_the_book()
    {
        var (g, _, _, _, price) = ShoppingGraphs.Apples();
        Assert.Equal(200, g.Node("apple_price").Value, Tolerance);
        Assert.Equal(220, price.Value, Tolerance);
    }

    [Fact]
    public void Backward_of_the_apple_graph_gives_the_books_gradients()
    {
        var (g, apple, appleNum, tax, price) = ShoppingGraphs.Apples();
        g.Backward(price, 1.0);
        Assert.Equal(2.2, apple.Gradient!.Value, Tolerance);
        Assert.Equal(110, appleNum.Gradient!.Value, Tolerance);
        Assert.Equal(200, tax.Gradient!.Value, Tolerance);
        Assert.Equal(1.1, g.Node("apple_price").Gradient!.Value, Tolerance);
        Assert.Equal(1, price.Gradient!.Value, Tolerance);
    }

    [Fact]
    public void Backward_of_the_apple_and_orange_graph_gives_the_books_gradients()
    {
        var g = ShoppingGraphs.ApplesAndOranges();
        g.Backward(g.Node("price"));
        Assert.Equal(715, g.Node("price").Value, Tolerance);
        Assert.Equal(650, g.Node("all_price").Value, Tolerance);
        var expected = new Dictionary<string, double>
        {
            ["apple"] = 2.2, ["apple_num"] = 110, ["orange"] = 3.3, ["orange_num"] = 165, ["tax"] = 650,
            ["all_price"] = 1.1, ["apple_price"] = 1.1, ["orange_price"] = 1.1,
        };
        foreach (var (name, gradient) in expected)
            Assert.True(Math.Abs(g.Node(name).Gradient!.Value - gradient) < Tolerance, $"{name}: expected {gradient}, got {g.Node(name).Gradient}");
    }

    [Fact]
    public void Backward_scales_every_gradient_by_the_upstream_gradient()
    {
        var (g, apple, _, tax, price) = ShoppingGraphs.Apples();
        g.Backward(price, 2.0);
        Assert.Equal(4.4, apple.Gradient!.Value, Tolerance);
        Assert.Equal(400, tax.Gradient!.Value, Tolerance);
    }

    [Fact]
    public void Gradients_accumulate_when_a_node_feeds_two_operations()
    {
        // y = x·w + x: x fans out to × and +, so dy/dx = w + 1.
        var g = new ComputationGraph("fan-out");
        var x = g.Input("x", 3);
        var w = g.Input("w", 5);
        var y = g.Add(g.Multiply(x, w, "xw"), x, "y");
        g.Backward(y);
        Assert.Equal(18, y.Value, Tolerance);
        Assert.Equal(6, x.Gradient!.Value, Tolerance);
        Assert.Equal(3, w.Gradient!.Value, Tolerance);
    }

    [Fact]
    public void A_node_multiplied_by_itself_gets_twice_its_value_as_gradient()
    {
        var g = new ComputationGraph("square");
        var x = g.Input("x", 7);
        g.Backward(g.Multiply(x, x, "x²"));
        Assert.Equal(14, x.Gradient!.Value, Tolerance);
    }

    [Fact]
    public void Backward_again_replaces_earlier_gradients_instead_of_adding_to_them()
    {
        var (g, apple, _, _, price) = ShoppingGraphs.Apples();
        g.Backward(price);
        g.Backward(price);
        Assert.Equal(2.2, apple.Gradient!.Value, Tolerance);
    }

    [Fact]
    public void Backward_from_an_inner_node_leaves_nodes_it_does_not_depend_on_without_gradient()
    {
        var (g, apple, _, tax, _) = ShoppingGraphs.Apples();
        g.Backward(g.Node("apple_price"));
        Assert.Equal(2, apple.Gradient!.Value, Tolerance);
        Assert.Null(tax.Gradient);
        Assert.Null(g.Node("price").Gradient);
    }

    [Fact]
    public void Gradients_computed_elsewhere_can_be_set_and_are_shown()
    {
        var (g, apple, _, tax, price) = ShoppingGraphs.Apples();
        g.SetGradient(price, 1);
        g.SetGradient(apple, 2.2);
        g.SetGradient(tax, 200);
        Assert.Equal(2.2, apple.Gradient!.Value, Tolerance);
        Assert.Contains("tax = 1.1, gradient 200", g.ToString());
    }

    [Fact]
    public void A_node_of_another_graph_is_rejected_with_both_graph_names()
    {
        var (g, _, _, _, _) = ShoppingGraphs.Apples();
        var other = new ComputationGraph("Other");
        var stranger = other.Input("stranger", 1);
        var error = Assert.Throws<ArgumentException>(() => g.Multiply(g.Node("apple"), stranger, "bad"));
        Assert.Equal("b", error.ParamName);
        Assert.Contains("'stranger'", error.Message);
        Assert.Contains("'Other'", error.Message);
        Assert.Contains("'Buying apples'", error.Message);
        Assert.Throws<ArgumentException>(() => g.Backward(stranger));
        Assert.Throws<ArgumentException>(() => g.SetGradient(stranger, 1));
    }

    [Fact]
    public void A_null_node_is_rejected()
    {
        var g = new ComputationGraph("g");
        var error = Assert.Throws<ArgumentNullException>(() => g.Add(g.Input("a", 1), null!, "sum"));
        Assert.Equal("b", error.ParamName);
    }

    [Fact]
    public void Duplicate_or_empty_node_names_are_rejected()
    {
        var g = new ComputationGraph("g");
        g.Input("x", 1);
        Assert.Contains("already has a node named 'x'", Assert.Throws<ArgumentException>(() => g.Input("x", 2)).Message);
        Assert.Throws<ArgumentException>(() => g.Input(" ", 2));
    }

    [Fact]
    public void A_cycle_is_rejected_naming_its_nodes()
    {
        // The public API cannot build a cycle (an operation's inputs must exist first); rewiring internally can.
        var g = new ComputationGraph("loop");
        var a = g.Input("a", 1);
        var b = g.Add(a, a, "b");
        var c = g.Multiply(b, a, "c");
        b.Inputs = [c, a];
        var error = Assert.Throws<InvalidOperationException>(() => g.Backward(c));
        Assert.Contains("cycle", error.Message);
        Assert.Contains("c → b → c", error.Message);
    }

    [Fact]
    public void ToString_lists_every_node_with_its_value_and_gradient()
    {
        var (g, _, _, _, price) = ShoppingGraphs.Apples();
        var before = g.ToString();
        Assert.Contains("price = apple_price × tax = 220, gradient not computed", before);
        g.Backward(price);
        var lines = g.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(
            ["Buying apples", "apple = 100, gradient 2.2", "apple_num = 2, gradient 110", "tax = 1.1, gradient 200",
             "apple_price = apple × apple_num = 200, gradient 1.1", "price = apple_price × tax = 220, gradient 1"],
            lines);
    }
}
