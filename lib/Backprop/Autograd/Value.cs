using System.Globalization;

namespace Backprop.Autograd;

/// <summary>
/// A scalar that remembers how it was computed. Every operation on values returns a new value holding its result
/// (<see cref="Data"/>), the values it read (<see cref="Inputs"/>) and a closure that knows the operation's local
/// derivatives. Running code builds the computational graph; <see cref="Backward"/> walks it backwards and fills in
/// <see cref="Grad"/> = ∂output/∂value for every value the output depends on.
/// </summary>
/// <example>
/// <code>
/// Value apple = 100, appleNum = 2, tax = 1.1;
/// var price = apple * appleNum * tax;   // 220
/// price.Backward();                      // apple.Grad = 2.2, appleNum.Grad = 110, tax.Grad = 200
/// </code>
/// </example>
public sealed class Value
{
    // Adds this operation's share of the gradient to its inputs' Grad, given the output (this value) and its Grad.
    // It must ADD (+=): a value read twice, as in a + a, receives one share along each use.
    private readonly Action<Value> _localBackward;

    /// <summary>A value given from outside (an input or a weight): no inputs, nothing to pass back.</summary>
    public Value(double data, string label = "") : this(data, "", [], _ => { }, label) { }

    /// <summary>
    /// The result of an operation: <paramref name="localBackward"/> receives this value and must add
    /// <c>local derivative × output.Grad</c> to each input's <see cref="Grad"/>. Every built-in operation is made this
    /// way; a notebook can define a new operation the same way.
    /// </summary>
    public Value(double data, string op, IReadOnlyList<Value> inputs, Action<Value> localBackward, string label = "")
    {
        ArgumentNullException.ThrowIfNull(op);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(localBackward);
        for (var i = 0; i < inputs.Count; i++)
            if (inputs[i] is null) throw new ArgumentNullException(nameof(inputs), $"Input {i} of operation '{op}' is null.");
        Data = data;
        Op = op;
        Inputs = inputs;
        _localBackward = localBackward;
        Label = label ?? "";
    }

    /// <summary>The number this value holds (the forward result). Settable so that training can update weights.</summary>
    public double Data { get; set; }

    /// <summary>∂output/∂this value after the output's <see cref="Backward"/>; 0 before.</summary>
    public double Grad { get; set; }

    /// <summary>The operation that produced this value ("+", "×", "tanh", …), or "" for a given value.</summary>
    public string Op { get; }

    /// <summary>The values the operation read, in order (empty for a given value; a + a lists a twice).</summary>
    public IReadOnlyList<Value> Inputs { get; }

    /// <summary>A name for diagrams and printing, e.g. "apple"; may be empty.</summary>
    public string Label { get; set; }

    /// <summary>A given value, so that <c>Value x = 3;</c> and <c>x * 2</c> read naturally.</summary>
    public static implicit operator Value(double data) => new(data);

    /// <summary>a + b; ∂/∂a = 1, ∂/∂b = 1: the upstream gradient passes through unchanged.</summary>
    public static Value operator +(Value a, Value b)
    {
        Require(a, b, "+");
        return new(a.Data + b.Data, "+", [a, b], output =>
        {
            a.Grad += output.Grad;
            b.Grad += output.Grad;
        });
    }

    /// <summary>a · b; ∂/∂a = b, ∂/∂b = a: each input receives the upstream gradient times the other input.</summary>
    public static Value operator *(Value a, Value b)
    {
        Require(a, b, "×");
        return new(a.Data * b.Data, "×", [a, b], output =>
        {
            a.Grad += b.Data * output.Grad;
            b.Grad += a.Data * output.Grad;
        });
    }

    /// <summary>−a; ∂/∂a = −1.</summary>
    public static Value operator -(Value a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(-a.Data, "−", [a], output => a.Grad += -output.Grad);
    }

    /// <summary>a − b, built as a + (−b), so its gradients come from + and unary −.</summary>
    public static Value operator -(Value a, Value b) => a + -b;

    /// <summary>a / b, built as a · b⁻¹, so its gradients come from × and <see cref="Pow"/>.</summary>
    public static Value operator /(Value a, Value b)
    {
        Require(a, b, "/");
        return a * b.Pow(-1);
    }

    /// <summary>xᵏ for a constant exponent k; ∂/∂x = k·xᵏ⁻¹.</summary>
    public Value Pow(double k)
    {
        var x = this;
        return new(Math.Pow(x.Data, k), "^" + k.ToString(CultureInfo.InvariantCulture), [x],
            output => x.Grad += k * Math.Pow(x.Data, k - 1) * output.Grad);
    }

    /// <summary>eˣ; ∂/∂x = eˣ, the output itself.</summary>
    public Value Exp()
    {
        var x = this;
        return new(Math.Exp(x.Data), "exp", [x], output => x.Grad += output.Data * output.Grad);
    }

    /// <summary>tanh(x); ∂/∂x = 1 − tanh²(x), from the output y as 1 − y².</summary>
    public Value Tanh()
    {
        var x = this;
        return new(Math.Tanh(x.Data), "tanh", [x], output => x.Grad += (1 - output.Data * output.Data) * output.Grad);
    }

    /// <summary>max(0, x); ∂/∂x = 1 where x &gt; 0 and 0 where x ≤ 0 (the book's ReLU mask).</summary>
    public Value Relu()
    {
        var x = this;
        return new(x.Data > 0 ? x.Data : 0.0, "ReLU", [x], output => x.Grad += (x.Data > 0 ? 1.0 : 0.0) * output.Grad);
    }

    /// <summary>
    /// Every value this one depends on, itself included, each exactly once and after all of its inputs: the order
    /// of the forward pass. Backward walks it from the end. Iterative (an explicit stack, in Graph.cs, the sort
    /// <see cref="Tensor"/> uses too), so a graph millions of operations deep does not overflow the call stack.
    /// </summary>
    public IReadOnlyList<Value> TopologicalOrder() => Graph.TopologicalOrder(this, value => value.Inputs);

    /// <summary>
    /// Backpropagation from this value: clears the gradient of every value in its graph, sets ∂this/∂this = 1, then runs
    /// each operation's local backward in reverse topological order, so an operation passes its gradient back only
    /// after every use of its output has added its share.
    /// </summary>
    public void Backward()
    {
        var order = TopologicalOrder();
        foreach (var node in order) node.Grad = 0;
        Grad = 1;
        for (var i = order.Count - 1; i >= 0; i--) order[i]._localBackward(order[i]);
    }

    /// <summary>
    /// The gradient that flows back along each input's edge: what this operation's local backward adds to
    /// <c>Inputs[i].Grad</c> for this value's current <see cref="Grad"/>. The local backward runs with the inputs' gradients
    /// set aside and restored, so nothing changes. An input read k times (t × t) receives one sum from the local backward;
    /// each of its k edges is given a k-th of it, which is exact for + and ×, whose edges from one input carry equal shares.
    /// Diagrams label their edges with these.
    /// </summary>
    internal double[] InputShares()
    {
        var distinct = Inputs.Distinct(ReferenceEqualityComparer.Instance).Cast<Value>().ToArray();
        var kept = distinct.Select(v => v.Grad).ToArray();
        try
        {
            foreach (var input in distinct) input.Grad = 0;
            _localBackward(this);
            return [.. Inputs.Select(input => input.Grad / Inputs.Count(other => ReferenceEquals(other, input)))];
        }
        finally
        {
            for (var i = 0; i < distinct.Length; i++) distinct[i].Grad = kept[i];
        }
    }

    /// <summary>E.g. "Value(data=220, grad=1, op=×)".</summary>
    public override string ToString()
    {
        var label = Label.Length > 0 ? Label + ": " : "";
        var op = Op.Length > 0 ? $", op={Op}" : "";
        return $"Value({label}data={Data.ToString("R", CultureInfo.InvariantCulture)}, grad={Grad.ToString("R", CultureInfo.InvariantCulture)}{op})";
    }

    private static void Require(Value a, Value b, string op)
    {
        if (a is null) throw new ArgumentNullException(nameof(a), $"The left operand of '{op}' is null.");
        if (b is null) throw new ArgumentNullException(nameof(b), $"The right operand of '{op}' is null.");
    }
}
