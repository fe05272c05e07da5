using System.Xml.Linq;
using Backprop.Autograd;
using Backprop.Diagrams;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Diagrams;

/// <summary>
/// <see cref="Diagram.Of(Tensor, string, bool, int, int)"/>: the graph that running code recorded in Tensors, one circle
/// per operation, each edge labelled with the shape of the matrix it carries, a long graph folded into bands.
/// </summary>
public class DiagramOfTensorsTests
{
    static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    static Tensor Given(int rows, int columns, string label = "", double value = 0.5) =>
        new(Matrix<double>.Build.Dense(rows, columns, (i, j) => value + 0.1 * i - 0.2 * j), label);

    static List<string> Texts(Diagram d, string cssClass) =>
        XDocument.Parse(d.ToSvg()).Descendants(Svg + "text")
            .Where(t => (string?)t.Attribute("class") == cssClass).Select(t => t.Value).ToList();

    static List<string> Drawn(Diagram d) => d.Nodes.Where(n => n.Kind != DiagramNodeKind.End).Select(n => n.Label).ToList();

    [Fact]
    public void An_affine_layer_shows_one_circle_per_operation_and_each_edges_shape()
    {
        Tensor x = Given(3, 2, "x"), w = Given(2, 4, "W"), b = Given(1, 4, "b");
        var loss = (x.MatMul(w) + b).Relu().Sum();
        var d = Diagram.Of(loss, "affine");

        // In the order of the forward pass: given tensors as boxes with their labels, operations with their Op.
        Assert.Equal(["x", "W", "MatMul", "b", "+", "ReLU", "sum"], Drawn(d));
        Assert.Equal([DiagramNodeKind.Variable, DiagramNodeKind.Variable, DiagramNodeKind.Operation, DiagramNodeKind.Variable,
            DiagramNodeKind.Operation, DiagramNodeKind.Operation, DiagramNodeKind.Operation], d.Nodes.Take(7).Select(n => n.Kind));
        Assert.Equal(["x → MatMul: 3×2", "W → MatMul: 2×4", "MatMul → +: 3×4", "b → +: 1×4", "+ → ReLU: 3×4", "ReLU → sum: 3×4", "sum → (out): 1×1"],
            d.Edges.Select(e => $"{e.From.Label} → {(e.To.Kind == DiagramNodeKind.End ? "(out)" : e.To.Label)}: {e.Forward}"));
        Assert.All(d.Edges, e => Assert.Null(e.Backward));
        Assert.Empty(Texts(d, "backward"));
        Assert.Equal(7, Texts(d, "forward").Count);
        // The legend says what the blue labels are.
        Assert.Contains(XDocument.Parse(d.ToSvg()).Descendants(Svg + "text"), t => t.Value == "forward: the shape of the tensor");
    }

    [Fact]
    public void A_diamond_draws_its_shared_input_once_with_an_edge_to_each_branch()
    {
        var a = Given(2, 3, "a");
        var top = a.Exp();
        var bottom = a.Tanh();
        var d = Diagram.Of((top + bottom).Mean(), "diamond");

        Assert.Equal(["a", "exp", "tanh", "+", "mean"], Drawn(d));
        var fromA = d.Edges.Where(e => e.From.Label == "a").Select(e => e.To.Label).Order().ToList();
        Assert.Equal(["exp", "tanh"], fromA);
        Assert.Equal(2, d.Edges.Count(e => e.To.Label == "+"));
        Assert.All(d.Edges.Where(e => e.To.Kind != DiagramNodeKind.End), e => Assert.Equal("2×3", e.Forward));
        // Both branches sit in one column, one above the other, and the sum between them.
        var (exp, tanh, plus) = (d.Nodes.Single(n => n.Label == "exp"), d.Nodes.Single(n => n.Label == "tanh"), d.Nodes.Single(n => n.Label == "+"));
        Assert.Equal(exp.Column, tanh.Column);
        Assert.NotEqual(exp.Row, tanh.Row);
        Assert.Equal((exp.Row + tanh.Row) / 2, plus.Row);
    }

    [Fact]
    public void A_leaf_used_twice_has_two_edges_each_with_its_whole_gradient()
    {
        // L = sum(x ⊙ x): ∂L/∂x = 2x, largest |entry| 2 · 0.5 = 1 (x = 0.5 + 0.1 i − 0.2 j on 1×3: 0.5, 0.3, 0.1).
        var x = Given(1, 3, "x");
        var loss = (x * x).Sum();
        loss.Backward();
        var d = Diagram.Of(loss, "x²", withGradients: true);

        var twins = d.Edges.Where(e => e.From.Label == "x").ToList();
        Assert.Equal(2, twins.Count);
        Assert.All(twins, e => Assert.Equal(("1×3", "1"), (e.Forward, e.Backward)));
        Assert.Equal("1", d.Edges.Single(e => e.To.Kind == DiagramNodeKind.End).Backward);   // ∂L/∂L
        Assert.Contains(XDocument.Parse(d.ToSvg()).Descendants(Svg + "text"), t => t.Value == "backward: the largest |entry| of its gradient");
        // The two edges bow apart: two different curves.
        var curves = XDocument.Parse(d.ToSvg()).Descendants(Svg + "path").Select(p => (string)p.Attribute("d")!).ToList();
        Assert.Equal(curves.Count, curves.Distinct().Count());
    }

    [Fact]
    public void A_reduction_shows_its_axis_under_the_circle_and_an_unnamed_number_shows_its_value()
    {
        var h = Given(4, 3, "h");
        var variance = (h - h.Mean(0)).Pow(2).Sum(0) * (1.0 / 3);
        var d = Diagram.Of(variance, "variance", significantDigits: 4);

        var mean = d.Nodes.Single(n => n.Label == "mean");
        Assert.Equal("axis 0", mean.Caption);
        Assert.Equal("axis 0", d.Nodes.Single(n => n.Label == "sum").Caption);
        Assert.Contains(d.Nodes, n => n.Kind == DiagramNodeKind.Variable && n.Label == "0.3333");
        Assert.Contains(d.Nodes, n => n.Label == "^2");
        Assert.Equal(["4×3", "1×3"], d.Edges.Where(e => e.To.Label == "−").Select(e => e.Forward));
    }

    [Fact]
    public void A_long_chain_is_folded_into_bands_joined_by_lettered_connectors()
    {
        // Ten operations in a chain, and t2 (column 2) read again by the last (column 10): at most four columns a band gives
        // three bands (columns 1–4, 5–8, 9–10).
        var x = Given(2, 2, "x");
        var t = x.Exp();
        var t2 = t.Tanh();
        var chain = t2;
        for (var i = 0; i < 7; i++) chain = chain.Tanh();
        var d = Diagram.Of(chain + t2, "folded", columnsPerBand: 4);

        Assert.Equal(10, d.Nodes.Count(n => n.Kind == DiagramNodeKind.Operation));
        // The chain crosses from band 1 to 2 (A) and from 2 to 3 (B); t2 jumps from band 1 to 3 (C): one connector pair each.
        Assert.Equal(["A ▸", "B ▸", "C ▸"], d.Nodes.Where(n => n.Label.EndsWith(" ▸")).Select(n => n.Label).Order());
        Assert.Equal(["▸ A", "▸ B", "▸ C"], d.Nodes.Where(n => n.Label.StartsWith("▸ ")).Select(n => n.Label).Order());
        Assert.Equal(["A ▸", "C ▸"], d.Edges.Where(e => e.From.Label == "tanh" && e.To.Label.EndsWith(" ▸") && e.From.Row == d.Nodes.Single(n => n.Label == "exp").Row)
            .Select(e => e.To.Label).Order());
        Assert.True(d.Nodes.Max(n => n.Column) <= 5.7);
        // Each exit and its entries carry the same shape; entries sit at the left of a lower band.
        Assert.All(d.Edges.Where(e => e.From.Label.StartsWith("▸ ")), e => Assert.Equal(0, e.From.Column));
        var bandTops = d.Nodes.Where(n => n.Label.StartsWith("▸ ")).Select(n => n.Row).Distinct().ToList();
        Assert.All(bandTops, r => Assert.True(r > d.Nodes.Single(n => n.Label == "x").Row));
        var exp = d.Nodes.Single(n => n.Label == "exp");
        Assert.All(d.Nodes.Where(n => n.Label == "+"), plus => Assert.True(plus.Row > exp.Row + 1));
    }

    [Fact]
    public void An_arrow_that_would_run_through_a_node_bows_over_it_below_the_key()
    {
        // h − mean(h): h's arrow to − passes mean's column on mean's row, so it bows up over the circle.
        var h = Given(4, 3, "h");
        var d = Diagram.Of(h - h.Mean(0), "centring");
        var (hNode, mean, minus) = (d.Nodes.Single(n => n.Label == "h"), d.Nodes.Single(n => n.Label == "mean"), d.Nodes.Single(n => n.Label == "−"));
        Assert.Equal((hNode.Row, hNode.Row), (mean.Row, minus.Row));

        var svg = XDocument.Parse(d.ToSvg());
        // "M x1 y1 C cx1 cy1, cx2 cy2, x2 y2": a level arrow has its control points at its ends' height.
        var bowed = svg.Descendants(Svg + "path").Select(p => ((string)p.Attribute("d")!).Replace(",", "").Split(' '))
            .Where(p => p.Length == 10 && p[3] == "C" && (p[5] != p[2] || p[7] != p[9])).ToList();
        Assert.Single(bowed);
        Assert.True(double.Parse(bowed[0][5]) < double.Parse(bowed[0][2]));   // up, over the circle
        // Everything sits below the title and key: the drawing is moved down as far as the bowed label rose.
        var moved = svg.Descendants(Svg + "g").Single(g => g.Attribute("transform") is not null);
        var shift = double.Parse(((string)moved.Attribute("transform")!)["translate(0 ".Length..^1]);
        Assert.All(moved.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "forward"),
            t => Assert.True(double.Parse((string)t.Attribute("y")!) + shift - 14 >= 56));
    }

    [Fact]
    public void A_single_given_tensor_is_one_box()
    {
        var d = Diagram.Of(Given(2, 5, "w"), "w");
        Assert.Equal(["w"], Drawn(d));
        Assert.Equal("2×5", d.Edges.Single().Forward);
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(7, 0)]
    [InlineData(7, 16)]
    public void Bands_and_digits_outside_their_range_are_rejected(int columnsPerBand, int digits)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Diagram.Of(Given(1, 1), "d", columnsPerBand: columnsPerBand, significantDigits: digits));
    }
}
