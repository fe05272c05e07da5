using Backprop.Autograd;
using Backprop.Diagrams;

namespace Backprop.Tests.Autograd;

public class ValueDiagramTests
{
    [Fact]
    public void The_fan_out_graph_becomes_the_lesson_1_diagram_with_values_and_gradients()
    {
        Value x = 1, y = 2;
        x.Label = "x"; y.Label = "y";
        var t = x + y; t.Label = "t";
        var z = t * t; z.Label = "z";
        z.Backward();

        var graph = ValueDiagram.From(z, "z = (x + y)²");
        Assert.Equal(["t", "x", "y", "z"], graph.Nodes.Select(n => n.Name).Order());
        var byName = graph.Nodes.ToDictionary(n => n.Name);
        Assert.Equal(GraphNodeKind.Add, byName["t"].Kind);
        Assert.Equal(GraphNodeKind.Multiply, byName["z"].Kind);
        Assert.Equal(9, byName["z"].Value);
        Assert.Equal(6, byName["x"].Gradient);
        Assert.Equal(6, byName["t"].Gradient);
        // The diagram's own backward through + and × agrees with Value's.
        graph.Backward(byName["z"]);
        Assert.Equal(6, byName["y"].Gradient);
        Assert.Contains(">6<", graph.ToSvg());
    }

    [Fact]
    public void Other_operations_are_drawn_with_their_symbol_and_unlabelled_values_are_numbered()
    {
        Value w = 0.5, x = 2;
        var y = (w * x).Tanh();
        y.Backward();

        var graph = ValueDiagram.From(y, "a tanh neuron");
        var tanh = graph.Nodes.Single(n => n.Kind == GraphNodeKind.Operation);
        Assert.Equal(Math.Tanh(1), tanh.Value, 1e-12);
        Assert.Equal(["#1", "#2", "#3", "#4"], graph.Nodes.Select(n => n.Name).Order());
        Assert.Contains(">tanh<", graph.ToSvg());
        Assert.Contains("tanh(", graph.ToString());
        Assert.Throws<InvalidOperationException>(() => graph.Backward(tanh));
    }

    [Fact]
    public void Fewer_significant_digits_round_the_drawn_numbers_only()
    {
        Value x = 0.5;
        var y = x.Tanh();
        y.Backward();
        var svg = ValueDiagram.From(y, "tanh", significantDigits: 4).ToSvg();
        Assert.Contains(">0.4621<", svg);      // tanh(0.5) = 0.46211715…
        Assert.Contains(">0.7864<", svg);      // 1 − tanh²(0.5) = 0.78644773…
        Assert.Equal(Math.Tanh(0.5), y.Data);
        Assert.Throws<ArgumentOutOfRangeException>(() => ValueDiagram.From(y, "tanh", significantDigits: 0));
    }
}
