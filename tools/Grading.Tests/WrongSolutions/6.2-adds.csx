// EXERCISE 6.2: The SGD step
// EXPECT: adding instead of subtracting
void SgdStep(Dictionary<string, Matrix<double>> parameters, IReadOnlyDictionary<string, Matrix<double>> gradients, double learningRate)
{
    foreach (var (name, value) in parameters)
        value.Add(gradients[name].Multiply(learningRate), value);
}
