namespace Backprop.Diagrams;

/// <summary>The shopping bills of the book's section 5.3 as ready-built graphs (lesson 1 builds them node by node).</summary>
public static class ShoppingGraph
{
    /// <summary>
    /// price = (apple · apple_num + orange · orange_num) · tax, with nodes named apple, apple_num, orange, orange_num,
    /// tax, apple_price, orange_price, all_price and price; no gradients yet.
    /// </summary>
    public static ComputationGraph ApplesAndOranges(double apple, double appleNum, double orange, double orangeNum, double tax,
        string title = "Buying apples and oranges")
    {
        var g = new ComputationGraph(title);
        var applePrice = g.Multiply(g.Input("apple", apple), g.Input("apple_num", appleNum), "apple_price");
        var orangePrice = g.Multiply(g.Input("orange", orange), g.Input("orange_num", orangeNum), "orange_price");
        var allPrice = g.Add(applePrice, orangePrice, "all_price");
        g.Multiply(allPrice, g.Input("tax", tax), "price");
        return g;
    }
}
