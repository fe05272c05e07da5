// EXERCISE 7.1: Local backwards of ×, tanh and powers
// EXPECT: instead of accumulated
Node Mul(Node a, Node b)
{
    var output = new Node(a.Data * b.Data, "×", a, b);
    output.LocalBackward = () =>
    {
        a.Grad = b.Data * output.Grad;
        b.Grad = a.Data * output.Grad;
    };
    return output;
}

Node Tanh(Node x)
{
    var output = new Node(Math.Tanh(x.Data), "tanh", x);
    output.LocalBackward = () => x.Grad = (1 - output.Data * output.Data) * output.Grad;
    return output;
}

Node Pow(Node x, double k)
{
    var output = new Node(Math.Pow(x.Data, k), "^" + k, x);
    output.LocalBackward = () => x.Grad = k * Math.Pow(x.Data, k - 1) * output.Grad;
    return output;
}
