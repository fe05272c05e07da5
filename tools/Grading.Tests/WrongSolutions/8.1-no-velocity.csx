// EXERCISE 8.1: Momentum
// EXPECT: velocity is not remembered
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
            p.Data.Subtract(grads[p.Name].Multiply(LearningRate), p.Data);
    }
}
