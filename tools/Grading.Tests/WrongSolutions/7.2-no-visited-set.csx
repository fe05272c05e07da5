// EXERCISE 7.2: The topological sort
// EXPECT: remember which nodes you have visited
List<Node> TopologicalOrder(Node root)
{
    var order = new List<Node>();
    void Visit(Node n)
    {
        foreach (var input in n.Inputs) Visit(input);
        order.Add(n);
    }
    Visit(root);
    return order;
}
