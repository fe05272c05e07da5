// EXERCISE 7.2: The topological sort
// EXPECT: the order Backward walks
List<Node> TopologicalOrder(Node root)
{
    var order = new List<Node>();
    var visited = new HashSet<Node>();
    void Visit(Node n)
    {
        if (!visited.Add(n)) return;
        foreach (var input in n.Inputs) Visit(input);
        order.Add(n);
    }
    Visit(root);
    order.Reverse();
    return order;
}
