// EXERCISE 8.1: Momentum
// EXPECT: nothing changed
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
            v.Multiply(MomentumRate, v);
            v.Subtract(grads[p.Name].Multiply(LearningRate), v);
            var moved = p.Data + v;   // a new matrix, never written back
        }
    }
}
