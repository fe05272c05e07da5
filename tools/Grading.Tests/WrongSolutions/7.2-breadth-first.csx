// EXERCISE 7.2: The topological sort
// EXPECT: after ALL of its inputs
List<Node> TopologicalOrder(Node root)
{
    // Breadth-first from the root, reversed: a node can land before an input it reaches by a longer path.
    var seen = new List<Node> { root };
    for (var i = 0; i < seen.Count; i++)
        foreach (var input in seen[i].Inputs)
            if (!seen.Contains(input)) seen.Add(input);
    seen.Reverse();
    return seen;
}
