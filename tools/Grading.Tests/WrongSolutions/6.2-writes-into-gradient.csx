// EXERCISE 6.2: The SGD step
// EXPECT: wrote into the gradient
void SgdStep(Dictionary<string, Matrix<double>> parameters, IReadOnlyDictionary<string, Matrix<double>> gradients, double learningRate)
{
    foreach (var (name, value) in parameters)
    {
        var g = gradients[name];
        g.Multiply(learningRate, g);
        value.Subtract(g, value);
    }
}
