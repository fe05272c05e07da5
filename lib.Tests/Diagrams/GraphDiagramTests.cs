using System.Reflection;
using System.Xml.Linq;
using Backprop.Diagrams;

namespace Backprop.Tests.Diagrams;

public class GraphDiagramTests
{
    static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    static List<string> Texts(XDocument svg, string? cssClass = null) =>
        svg.Descendants(Svg + "text")
            .Where(t => cssClass is null || (string?)t.Attribute("class") == cssClass)
            .Select(t => t.Value).ToList();

    static List<string> Sorted(params string[] texts) => texts.Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void Svg_of_the_apple_and_orange_graph_is_well_formed_and_shows_every_label_value_and_gradient()
    {
        var g = ShoppingGraphs.ApplesAndOranges();
        g.Backward(g.Node("price"));

        var svg = XDocument.Parse(g.ToSvg());

        Assert.Equal(Svg + "svg", svg.Root!.Name);
        var texts = Texts(svg);
        foreach (var node in g.Nodes) Assert.Contains(node.Name, texts);
        Assert.Contains("Buying apples and oranges", texts);
        var values = Texts(svg, "value");
        var gradients = Texts(svg, "gradient");
        // One label per edge: the eight inputs of operations and the result's outgoing edge.
        Assert.Equal(Sorted("100", "2", "150", "3", "200", "450", "650", "1.1", "715"), Sorted([.. values]));
        Assert.Equal(Sorted("2.2", "110", "3.3", "165", "1.1", "1.1", "1.1", "650", "1"), Sorted([.. gradients]));
    }

    [Fact]
    public void Every_edge_and_the_result_carry_one_value_label()
    {
        var (g, _, _, _, price) = ShoppingGraphs.Apples();
        g.Backward(price);
        var svg = XDocument.Parse(g.ToSvg());
        var edgeCount = g.Nodes.Sum(n => n.Inputs.Count) + 1;   // plus the result's outgoing edge
        Assert.Equal(edgeCount, svg.Descendants(Svg + "path").Count(p => (string?)p.Attribute("marker-end") == "url(#arrow)"));
        Assert.Equal(Sorted("100", "2", "200", "1.1", "220"), Sorted([.. Texts(svg, "value")]));
        Assert.Equal(edgeCount, Texts(svg, "gradient").Count);
    }

    [Fact]
    public void Before_backward_the_diagram_shows_values_but_no_gradients()
    {
        var (g, _, _, _, _) = ShoppingGraphs.Apples();
        var svg = XDocument.Parse(g.ToSvg());
        Assert.Equal(5, Texts(svg, "value").Count);
        Assert.Empty(Texts(svg, "gradient"));
    }

    [Fact]
    public void A_node_used_twice_by_one_product_shows_both_shares_once_as_a_sum()
    {
        var g = new ComputationGraph("z = t·t");
        var t = g.Add(g.Input("x", 1), g.Input("y", 2), "t");
        g.Backward(g.Multiply(t, t, "z"));
        var svg = XDocument.Parse(g.ToSvg());
        Assert.Contains("3 + 3", Texts(svg, "gradient"));
        Assert.Single(Texts(svg, "value"), "3");   // one label pair for the two coinciding edges
    }

    [Fact]
    public void Edges_from_a_fanned_out_node_carry_each_consumers_share_of_the_gradient()
    {
        var g = new ComputationGraph("fan-out");
        var x = g.Input("x", 3);
        var y = g.Add(g.Multiply(x, g.Input("w", 5), "xw"), x, "y");
        g.Backward(y);
        var gradients = Texts(XDocument.Parse(g.ToSvg()), "gradient");
        Assert.Contains("5", gradients);   // through ×: upstream 1 times w
        Assert.Contains("1", gradients);   // through +: passed on unchanged
        Assert.DoesNotContain("6", gradients);   // the node's total is not an edge's gradient
    }

    [Fact]
    public void Names_that_look_like_markup_are_escaped()
    {
        var g = new ComputationGraph("a <b> & c");
        g.Input("x<y>&z", 1);
        var svg = XDocument.Parse(g.ToSvg());
        Assert.Contains("x<y>&z", Texts(svg));
    }

    [Fact]
    public void Inputs_are_drawn_left_of_the_operations_that_read_them()
    {
        var g = ShoppingGraphs.ApplesAndOranges();
        var svg = XDocument.Parse(g.ToSvg());
        double X(string name) => double.Parse(svg.Descendants(Svg + "text").First(t => t.Value == name).Attribute("x")!.Value,
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(X("apple") < X("apple_price"));
        Assert.True(X("apple_price") < X("all_price"));
        Assert.True(X("tax") < X("price"));
        Assert.True(X("all_price") < X("price"));
    }

    [Fact]
    public void Html_formatter_source_found_by_attribute_name_renders_the_graph_like_a_notebook_kernel()
    {
        var g = ShoppingGraphs.ApplesAndOranges();
        g.Backward(g.Node("price"));

        // What Polyglot Notebooks does: match the attribute by name, never by type identity.
        var attribute = typeof(ComputationGraph).GetCustomAttributes(inherit: true)
            .Single(a => a.GetType().Name == "TypeFormatterSourceAttribute");
        var sourceType = (Type)attribute.GetType().GetProperty("FormatterSourceType")!.GetValue(attribute)!;
        var mimeTypes = (string[])attribute.GetType().GetProperty("PreferredMimeTypes")!.GetValue(attribute)!;
        Assert.Equal(["text/html"], mimeTypes);

        var source = Activator.CreateInstance(sourceType, nonPublic: true)!;
        var formatters = (IEnumerable<object>)sourceType.GetMethod("CreateTypeFormatters")!.Invoke(source, null)!;
        var formatter = formatters.Single(f => (string)f.GetType().GetProperty("MimeType")!.GetValue(f)! == "text/html");
        var handledType = (Type)formatter.GetType().GetProperty("Type")!.GetValue(formatter)!;
        Assert.True(handledType.IsAssignableFrom(typeof(ComputationGraph)));

        using var writer = new StringWriter();
        var handled = (bool)formatter.GetType().GetMethod("Format", [typeof(object), typeof(TextWriter)])!.Invoke(formatter, [g, writer])!;

        Assert.True(handled);
        var html = writer.ToString();
        Assert.StartsWith("<div", html);
        var svg = XDocument.Parse(html).Descendants(Svg + "svg").Single();
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "715");
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "650" && (string?)t.Attribute("class") == "gradient");
    }
}
