// EXERCISE 8.1: Momentum
// EXPECT: share one velocity
class MyMomentum : IOptimizer
{
    public MyMomentum(double learningRate, double momentum)
    {
        LearningRate = learningRate;
        MomentumRate = momentum;
    }

    public string Name => "MyMomentum";
    public double LearningRate { get; }
    public double MomentumRate { get; }
    public Dictionary<Parameter, Matrix<double>> Velocity { get; } = new();

    public void Update(IEnumerable<Parameter> parameters, IReadOnlyDictionary<string, Matrix<double>> grads)
    {
        // One velocity for everything of the same shape: W1 and W2 push each other.
        foreach (var p in parameters)
        {
            var key = Velocity.Keys.FirstOrDefault(k => k.Data.RowCount == p.Data.RowCount && k.Data.ColumnCount == p.Data.ColumnCount) ?? p;
            if (!Velocity.TryGetValue(key, out var v)) Velocity[key] = v = Matrix<double>.Build.Dense(p.Data.RowCount, p.Data.ColumnCount);
            v.Multiply(MomentumRate, v);
            v.Subtract(grads[p.Name].Multiply(LearningRate), v);
            p.Data.Add(v, p.Data);
        }
    }
}
