using System.Globalization;
using System.Xml.Linq;
using Backprop.Diagrams;

namespace Backprop.Tests.Diagrams;

public class DiagramTests
{
    static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    static List<XElement> Texts(Diagram d, string? cssClass = null) =>
        XDocument.Parse(d.ToSvg()).Descendants(Svg + "text")
            .Where(t => cssClass is null || (string?)t.Attribute("class") == cssClass).ToList();

    static double X(XElement text) => double.Parse(text.Attribute("x")!.Value, CultureInfo.InvariantCulture);

    static Diagram Affine()
    {
        var d = new Diagram("Affine");
        var x = d.Variable("X", 0, 0);
        var w = d.Variable("W", 0, 1);
        var dot = d.Operation("dot", 1, 0.5);
        d.Edge(x, dot, "X (N, 2)", "∂L/∂X (N, 2)");
        d.Edge(w, dot, "W (2, 3)", "∂L/∂W (2, 3)");
        d.Edge(dot, d.End(2, 0.5), "X·W (N, 3)");
        return d;
    }

    [Fact]
    public void Svg_is_well_formed_with_every_node_and_every_label_in_its_colour_class()
    {
        var d = Affine();
        Assert.Equal(Svg + "svg", XDocument.Parse(d.ToSvg()).Root!.Name);
        var all = Texts(d).Select(t => t.Value).ToList();
        Assert.Contains("Affine", all);
        Assert.Contains("X", all);
        Assert.Contains("dot", all);
        Assert.Equal(["X (N, 2)", "W (2, 3)", "X·W (N, 3)"], Texts(d, "forward").Select(t => t.Value));
        Assert.Equal(["∂L/∂X (N, 2)", "∂L/∂W (2, 3)"], Texts(d, "backward").Select(t => t.Value));
        Assert.Equal(3, XDocument.Parse(d.ToSvg()).Descendants(Svg + "path").Count(p => p.Attribute("marker-end") is not null));
    }

    [Fact]
    public void Columns_run_left_to_right_and_labels_sit_between_their_nodes()
    {
        var d = Affine();
        var texts = Texts(d);
        var x = X(texts.First(t => t.Value == "X"));
        var dot = X(texts.First(t => t.Value == "dot"));
        var label = X(texts.First(t => t.Value == "X (N, 2)"));
        Assert.True(x < label && label < dot, $"X at {x}, its label at {label}, dot at {dot}");
    }

    [Fact]
    public void The_picture_is_wide_enough_for_its_longest_label()
    {
        var d = new Diagram("wide");
        d.Edge(d.Variable("a", 0, 0), d.End(1, 0), "a", new string('m', 80));
        var svg = XDocument.Parse(d.ToSvg()).Root!;
        var label = Texts(d, "backward").Single();
        Assert.True(double.Parse(svg.Attribute("width")!.Value, CultureInfo.InvariantCulture) >= X(label) + 0.6 * 14 * 80 / 2);
    }

    [Fact]
    public void Labels_that_look_like_markup_are_escaped_and_the_text_listing_names_each_arrow()
    {
        var d = new Diagram("a <b> & c");
        d.Edge(d.Variable("x<y>", 0, 0), d.Layer("Softmax", 1, 0), "a & b", "<back>");
        Assert.Contains("<back>", Texts(d, "backward").Select(t => t.Value));
        Assert.Contains("x<y> → Softmax: a & b | back: <back>", d.ToString());
        Assert.StartsWith("<div class=\"diagram\"", d.ToHtml());
    }

    [Fact]
    public void Arrows_must_run_left_to_right_between_nodes_of_the_same_diagram()
    {
        var d = new Diagram("one");
        var a = d.Variable("a", 1, 0);
        var b = d.Variable("b", 0, 0);
        Assert.Contains("is not right of", Assert.Throws<ArgumentException>(() => d.Edge(a, b, "x")).Message);
        var other = new Diagram("two").Variable("c", 3, 0);
        Assert.Contains("belongs to diagram 'two'", Assert.Throws<ArgumentException>(() => d.Edge(a, other, "x")).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => d.Variable("neg", -1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => d.Variable("nan", 0, double.NaN));
        Assert.Throws<ArgumentException>(() => d.Operation(" ", 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Diagram("narrow", columnWidth: 10));
    }
}
