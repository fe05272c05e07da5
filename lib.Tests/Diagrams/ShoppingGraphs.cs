using Backprop.Diagrams;

namespace Backprop.Tests.Diagrams;

/// <summary>The two graphs of the book's section 5.3, built as a lesson builds them.</summary>
internal static class ShoppingGraphs
{
    public static (ComputationGraph graph, GraphNode apple, GraphNode appleNum, GraphNode tax, GraphNode price) Apples()
    {
        var g = new ComputationGraph("Buying apples");
        var apple = g.Input("apple", 100);
        var appleNum = g.Input("apple_num", 2);
        var tax = g.Input("tax", 1.1);
        var applePrice = g.Multiply(apple, appleNum, "apple_price");
        var price = g.Multiply(applePrice, tax, "price");
        return (g, apple, appleNum, tax, price);
    }

    public static ComputationGraph ApplesAndOranges()
    {
        var g = new ComputationGraph("Buying apples and oranges");
        var applePrice = g.Multiply(g.Input("apple", 100), g.Input("apple_num", 2), "apple_price");
        var orangePrice = g.Multiply(g.Input("orange", 150), g.Input("orange_num", 3), "orange_price");
        var allPrice = g.Add(applePrice, orangePrice, "all_price");
        g.Multiply(allPrice, g.Input("tax", 1.1), "price");
        return g;
    }

    public static GraphNode Node(this ComputationGraph graph, string name) => graph.Nodes.Single(n => n.Name == name);
}
