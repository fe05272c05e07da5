// EXERCISE 7.2: The topological sort
// EXPECT: not only the first
List<Node> TopologicalOrder(Node root)
{
    var order = new List<Node>();
    for (var n = root; n != null; n = n.Inputs.Length > 0 ? n.Inputs[0] : null) order.Insert(0, n);
    return order;
}
