// EXERCISE 8.2: Adam
// EXPECT: β₂ is not used
class MyAdam : IOptimizer
{
    public MyAdam(double learningRate, double beta1, double beta2)
    {
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
    }

    public string Name => "MyAdam";
    public double LearningRate { get; }
    public double Beta1 { get; }
    public double Beta2 { get; }
    public Dictionary<Parameter, Matrix<double>> M { get; } = new();
    public Dictionary<Parameter, Matrix<double>> V { get; } = new();
    public int Step { get; private set; }

    public void Update(IEnumerable<Parameter> parameters, IReadOnlyDictionary<string, Matrix<double>> grads)
    {
        Step++;
        foreach (var p in parameters)
        {
            var g = grads[p.Name];
            if (!M.TryGetValue(p, out var m)) M[p] = m = Matrix<double>.Build.Dense(p.Data.RowCount, p.Data.ColumnCount);
            if (!V.TryGetValue(p, out var v)) V[p] = v = Matrix<double>.Build.Dense(p.Data.RowCount, p.Data.ColumnCount);
            (Beta1 * m + (1 - Beta1) * g).CopyTo(m);
            (Beta1 * v + (1 - Beta1) * g.PointwiseMultiply(g)).CopyTo(v);
            var mHat = m / (1 - Math.Pow(Beta1, Step));
            var vHat = v / (1 - Math.Pow(Beta1, Step));
            p.Data.Subtract(LearningRate * mHat.PointwiseDivide(vHat.PointwiseSqrt() + Adam.Epsilon), p.Data);
        }
    }
}
