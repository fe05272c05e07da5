// EXERCISE 7.3: The accumulation bug
// EXPECT: central difference
double GradientError(Func<Node[], Node> f, double[] at, Action<Node> backward)
{
    const double h = 1e-4;
    Node F(double[] values) => f(values.Select(v => new Node(v)).ToArray());
    var inputs = at.Select(v => new Node(v)).ToArray();
    var output = f(inputs);
    backward(output);
    var largest = 0.0;
    for (var i = 0; i < at.Length; i++)
    {
        var plus = (double[])at.Clone();
        plus[i] += h;
        var numerical = (F(plus).Data - output.Data) / h;
        largest = Math.Max(largest, Math.Abs(inputs[i].Grad - numerical));
    }
    return largest;
}

Node Mended(Node a, Node b)
{
    var output = new Node(a.Data + b.Data, "+", a, b);
    output.LocalBackward = () =>
    {
        a.Grad += output.Grad;
        b.Grad += output.Grad;
    };
    return output;
}
