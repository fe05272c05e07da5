// EXERCISE 8.1: Momentum
// EXPECT: wrote into the gradient
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
        foreach (var p in parameters)
        {
            if (!Velocity.TryGetValue(p, out var v)) Velocity[p] = v = Matrix<double>.Build.Dense(p.Data.RowCount, p.Data.ColumnCount);
            var g = grads[p.Name];
            g.Multiply(LearningRate, g);
            v.Multiply(MomentumRate, v);
            v.Subtract(g, v);
            p.Data.Add(v, p.Data);
        }
    }
}
