using Backprop.Autograd;
using Backprop.Errors;

namespace Backprop.Diagrams;

/// <summary>
/// Lays out the graph recorded in <see cref="Tensor"/>s as a <see cref="Diagram"/>: the columns and rows of
/// <see cref="ValueLayout"/>, each edge labelled with a shape instead of a number, and a long graph folded into bands
/// placed one under the other, joined by lettered connectors.
/// </summary>
internal static class TensorLayout
{
    public const double ColumnWidth = 100;

    /// <summary>Grid rows left empty between two bands.</summary>
    const double BandGap = 0.5;

    public static Diagram Draw(Tensor output, Diagram diagram, bool withGradients, int columnsPerBand, int digits)
    {
        var order = output.TopologicalOrder();
        var column = ValueLayout.Columns(order, t => t.Inputs);
        var row = ValueLayout.Rows(order, column, t => t.Inputs);
        var names = ValueLayout.Names(order, t => t.Label.Length > 0 ? t.Label : t.Inputs.Count == 0 && t.Rows == 1 && t.Columns == 1
            ? NumberText.Format(t.Data[0, 0], digits) : "");
        diagram.ForwardLegend = "forward: the shape of the tensor";
        diagram.BackwardLegend = withGradients ? "backward: the largest |entry| of its gradient" : null;

        // Operations take columns 1, 2, …; band b holds columns b·k + 1 … (b + 1)·k, with the bands equally full, and
        // keeps column 0 for the given tensors and connectors that feed its first column.
        var depth = Math.Max(1, column.Values.Max());
        var bands = (depth + columnsPerBand - 1) / columnsPerBand;
        var perBand = (depth + bands - 1) / bands;
        int BandOf(Tensor t) => t.Inputs.Count > 0 ? (column[t] - 1) / perBand
            : order.Where(c => c.Inputs.Contains(t)).Select(c => (column[c] - 1) / perBand).DefaultIfEmpty(0).Min();
        var band = ByTensor(order, BandOf);
        double LocalColumn(Tensor t) => column[t] - band[t] * perBand;

        // Rows within each band from its own top; connectors take free rows in the outer columns. Then the bands are
        // stacked, each below the previous one's lowest node.
        var local = ByTensor(order, t => row[t] - order.Where(u => band[u] == band[t]).Min(u => row[u]));
        var taken = order.Select(t => (band[t], LocalColumn(t), local[t])).ToList();
        // The free place nearest to the wanted row, below before above, at least 0.75 rows from the column's other nodes.
        double Free(int b, double columnAt, double wanted)
        {
            var y = Enumerable.Range(0, 40).Select(k => wanted + (k % 2 == 0 ? 0.75 : -0.75) * ((k + 1) / 2))
                .First(y => !taken.Any(p => p.Item1 == b && p.Item2 == columnAt && Math.Abs(p.Item3 - y) < 0.75));
            taken.Add((b, columnAt, y));
            return y;
        }
        // An edge into a later band goes to a connector at the right of its source's band and on from a connector with
        // the same letter at the left of its consumer's band: one pair per tensor and band, however many consumers.
        var exits = new List<(Tensor source, string letter, double row)>();
        var entries = new List<(Tensor source, int band, double row)>();
        foreach (var consumer in order)
            foreach (var input in consumer.Inputs.Where(i => band[i] < band[consumer]).Distinct())
            {
                if (!exits.Any(e => ReferenceEquals(e.source, input)))
                    exits.Add((input, Letter(exits.Count), Free(band[input], perBand + 1, local[input])));
                if (!entries.Any(e => ReferenceEquals(e.source, input) && e.band == band[consumer]))
                    entries.Add((input, band[consumer], Free(band[consumer], 0, local[consumer])));
            }
        var top = new double[bands];
        double Lowest(int b) => taken.Where(p => p.Item1 == b).Max(p => p.Item3);
        double Highest(int b) => taken.Where(p => p.Item1 == b).Min(p => p.Item3);
        top[0] = -Highest(0);
        for (var b = 1; b < bands; b++) top[b] = top[b - 1] + Lowest(b - 1) + 1 + BandGap - Highest(b);

        var nodes = new Dictionary<Tensor, DiagramNode>(ReferenceEqualityComparer.Instance);
        foreach (var t in order)
            nodes[t] = t.Inputs.Count == 0
                ? diagram.Variable(names[t], LocalColumn(t), top[band[t]] + local[t])
                : AddOperation(diagram, t, LocalColumn(t), top[band[t]] + local[t]);
        var exitNodes = new Dictionary<Tensor, DiagramNode>(ReferenceEqualityComparer.Instance);
        foreach (var (source, letter, at) in exits) exitNodes[source] = diagram.Variable(letter + " ▸", perBand + 1, top[band[source]] + at);
        var entryNodes = entries.ToDictionary(e => (e.source, e.band),
            e => diagram.Variable("▸ " + exits.First(x => ReferenceEquals(x.source, e.source)).letter, 0, top[e.band] + e.row));

        string Forward(Tensor t) => Shape.Of(t.Data);
        string? Backward(Tensor t) => withGradients ? NumberText.Format(t.Grad.Enumerate().Select(Math.Abs).DefaultIfEmpty(0).Max(), digits) : null;
        foreach (var (source, exit) in exitNodes) diagram.Edge(nodes[source], exit, Forward(source), Backward(source));
        foreach (var consumer in order)
            foreach (var input in consumer.Inputs)
                diagram.Edge(band[input] == band[consumer] ? nodes[input] : entryNodes[(input, band[consumer])], nodes[consumer],
                    Forward(input), Backward(input));

        var end = diagram.End(LocalColumn(output) + 0.7, nodes[output].Row);
        diagram.Edge(nodes[output], end, Forward(output), withGradients ? Backward(output) : null);
        return diagram;
    }

    /// <summary>An operation's circle: a reduction such as "mean(axis 0)" shows "mean" with "axis 0" (and any label) under it.</summary>
    static DiagramNode AddOperation(Diagram diagram, Tensor t, double column, double row)
    {
        var (symbol, detail) = (t.Op.Length > 0 ? t.Op : "?", (string?)null);
        var open = symbol.IndexOf('(');
        if (open > 0 && symbol.EndsWith(')')) (symbol, detail) = (symbol[..open], symbol[(open + 1)..^1]);
        var caption = (t.Label.Length > 0, detail) switch
        {
            (true, null) => t.Label,
            (true, _) => $"{t.Label} ({detail})",
            (false, _) => detail,
        };
        return diagram.Operation(symbol, column, row, caption);
    }

    static Dictionary<Tensor, TValue> ByTensor<TValue>(IReadOnlyList<Tensor> tensors, Func<Tensor, TValue> valueOf)
    {
        var map = new Dictionary<Tensor, TValue>(ReferenceEqualityComparer.Instance);
        foreach (var t in tensors) map[t] = valueOf(t);
        return map;
    }

    static string Letter(int index) => index < 26 ? ((char)('A' + index)).ToString() : $"A{index - 25}";
}
