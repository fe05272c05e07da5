// EXERCISE 7.3: The accumulation bug
// EXPECT: backward was not called
double GradientError(Func<Node[], Node> f, double[] at, Action<Node> backward)
{
    const double h = 1e-5;
    Node F(double[] values) => f(values.Select(v => new Node(v)).ToArray());
    var inputs = at.Select(v => new Node(v)).ToArray();
    f(inputs);
    var largest = 0.0;
    for (var i = 0; i < at.Length; i++)
    {
        var plus = (double[])at.Clone();
        var minus = (double[])at.Clone();
        plus[i] += h;
        minus[i] -= h;
        largest = Math.Max(largest, Math.Abs(inputs[i].Grad - (F(plus).Data - F(minus).Data) / (2 * h)));
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
