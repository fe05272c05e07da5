using System.Xml.Linq;
using Backprop.Autograd;
using Backprop.Diagrams;

namespace Backprop.Tests.Diagrams;

/// <summary>
/// <see cref="Diagram.Of"/>: the graph that running code recorded in Values, each edge with its value and gradient. The
/// expected numbers are the book's (section 5.3) and hand-computed ones.
/// </summary>
public class DiagramOfValuesTests
{
    static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    static List<string> Texts(Diagram d, string cssClass) =>
        XDocument.Parse(d.ToSvg()).Descendants(Svg + "text")
            .Where(t => (string?)t.Attribute("class") == cssClass).Select(t => t.Value).Order(StringComparer.Ordinal).ToList();

    static List<string> Sorted(params string[] texts) => [.. texts.Order(StringComparer.Ordinal)];

    static (Value price, Value[] inputs) ApplesAndOranges()
    {
        Value apple = new(100, "apple"), appleNum = new(2, "apple_num"), orange = new(150, "orange"), orangeNum = new(3, "orange_num"), tax = new(1.1, "tax");
        var applePrice = apple * appleNum; applePrice.Label = "apple_price";
        var orangePrice = orange * orangeNum; orangePrice.Label = "orange_price";
        var all = applePrice + orangePrice; all.Label = "all_price";
        var price = all * tax; price.Label = "price";
        return (price, [apple, appleNum, orange, orangeNum, tax]);
    }

    [Fact]
    public void The_bill_after_backward_shows_every_edges_value_and_gradient()
    {
        var (price, _) = ApplesAndOranges();
        price.Backward();
        var d = Diagram.Of(price, "Buying apples and oranges");

        // Eight edges into operations and the result's own edge.
        Assert.Equal(9, d.Edges.Count);
        Assert.Equal(Sorted("100", "2", "150", "3", "200", "450", "650", "1.1", "715"), Texts(d, "forward"));
        Assert.Equal(Sorted("2.2", "110", "3.3", "165", "1.1", "1.1", "1.1", "650", "1"), Texts(d, "backward"));
        Assert.Equal(
            Sorted("apple", "apple_num", "orange", "orange_num", "tax", "×", "×", "+", "×", "apple_price", "orange_price", "all_price", "price"),
            Sorted([.. XDocument.Parse(d.ToSvg()).Descendants(Svg + "g").Where(g => ((string?)g.Attribute("class"))?.StartsWith("node ") == true)
                .SelectMany(g => g.Elements(Svg + "text")).Select(t => t.Value)]));
    }

    [Fact]
    public void Without_gradients_only_the_values_are_drawn()
    {
        var (price, _) = ApplesAndOranges();
        var d = Diagram.Of(price, "values only", withGradients: false);
        Assert.Equal(9, Texts(d, "forward").Count);
        Assert.Empty(Texts(d, "backward"));
        Assert.All(d.Edges, e => Assert.Null(e.Backward));
    }

    [Fact]
    public void Gradients_set_by_hand_are_drawn_as_given_and_no_backward_pass_runs()
    {
        // Numbers no backward pass would produce: the diagram must show them, not recompute them.
        Value a = new(2, "a"), b = new(5, "b");
        var c = a * b; c.Label = "c";
        (a.Grad, b.Grad, c.Grad) = (7, -4, 0.5);
        var d = Diagram.Of(c, "by hand");

        Assert.Equal(Sorted("-4", "0.5", "7"), Texts(d, "backward"));
        Assert.Equal((7.0, -4.0, 0.5), (a.Grad, b.Grad, c.Grad));
    }

    [Fact]
    public void A_value_used_twice_shows_each_edges_share_and_their_sum()
    {
        // z = t × t, t = x + y at x = 1, y = 2: each edge of t carries 1 · t = 3, and ∂z/∂t = 3 + 3 = 6 = 2t.
        Value x = new(1, "x"), y = new(2, "y");
        var t = x + y; t.Label = "t";
        var z = t * t; z.Label = "z";
        z.Backward();
        var d = Diagram.Of(z, "z = (x + y)²");

        var fromT = d.Edges.Where(e => e.From.Label == "+").ToList();
        Assert.Equal(2, fromT.Count);
        Assert.All(fromT, e => Assert.Equal("3", e.Backward));
        Assert.Equal("3 + 3 = 6", d.Nodes.Single(n => n.Caption == "t").Note);
        Assert.Equal(["6", "6"], d.Edges.Where(e => e.From.Kind == DiagramNodeKind.Variable).Select(e => e.Backward));
        Assert.Equal(["3 + 3 = 6"], Texts(d, "note"));
        Assert.Equal(6, t.Grad);   // drawing leaves the gradients as they were
        // The two edges from t into the × node bow apart: two different curves, not one drawn twice.
        var curves = XDocument.Parse(d.ToSvg()).Descendants(Svg + "path").Select(p => (string)p.Attribute("d")!).ToList();
        Assert.Equal(curves.Count, curves.Distinct().Count());
    }

    [Fact]
    public void A_value_feeding_two_operations_shows_both_shares()
    {
        // q = a·b + a with a = 3, b = 4: ∂q/∂a = b + 1 = 5, along the × edge 4 and along the + edge 1.
        Value a = new(3, "a"), b = new(4, "b");
        var q = a * b + a;
        q.Backward();
        var d = Diagram.Of(q, "fan-out");
        Assert.Equal("4 + 1 = 5", d.Nodes.Single(n => n.Label == "a").Note);
    }

    [Fact]
    public void Unlabelled_values_are_numbered_and_operations_other_than_plus_and_times_keep_their_symbol()
    {
        Value w = 0.5;
        var y = (w * 2).Tanh();
        y.Backward();
        var d = Diagram.Of(y, "tanh", significantDigits: 4);

        Assert.Contains(d.Nodes, n => n.Kind == DiagramNodeKind.Operation && n.Label == "tanh");
        Assert.All(d.Nodes.Where(n => n.Kind != DiagramNodeKind.End), n => Assert.StartsWith("#", n.Caption ?? n.Label));
        // tanh(1) = 0.761594…, its local derivative 1 − tanh²(1) = 0.419974…; 4 significant digits.
        Assert.Contains("0.7616", Texts(d, "forward"));
        Assert.Contains("0.42", Texts(d, "backward"));
    }

    [Fact]
    public void Html_formatter_source_found_by_attribute_name_renders_the_diagram_like_a_notebook_kernel()
    {
        var (price, _) = ApplesAndOranges();
        price.Backward();
        var d = Diagram.Of(price, "bill");

        // What Polyglot Notebooks does: match the attribute by name, never by type identity.
        var attribute = typeof(Diagram).GetCustomAttributes(inherit: true).Single(a => a.GetType().Name == "TypeFormatterSourceAttribute");
        var sourceType = (Type)attribute.GetType().GetProperty("FormatterSourceType")!.GetValue(attribute)!;
        Assert.Equal(["text/html"], (string[])attribute.GetType().GetProperty("PreferredMimeTypes")!.GetValue(attribute)!);
        var source = Activator.CreateInstance(sourceType, nonPublic: true)!;
        var formatters = (IEnumerable<object>)sourceType.GetMethod("CreateTypeFormatters")!.Invoke(source, null)!;
        var formatter = formatters.Single(f => (string)f.GetType().GetProperty("MimeType")!.GetValue(f)! == "text/html");
        Assert.True(((Type)formatter.GetType().GetProperty("Type")!.GetValue(formatter)!).IsAssignableFrom(typeof(Diagram)));

        using var writer = new StringWriter();
        Assert.True((bool)formatter.GetType().GetMethod("Format", [typeof(object), typeof(TextWriter)])!.Invoke(formatter, [d, writer])!);
        var svg = XDocument.Parse(writer.ToString()).Descendants(Svg + "svg").Single();
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "715");
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "650" && (string?)t.Attribute("class") == "backward");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    public void Significant_digits_outside_1_to_15_are_rejected(int digits)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Diagram.Of(new Value(1), "d", significantDigits: digits));
    }
}
