// EXERCISE 6.2: The SGD step
// EXPECT: REPLACED
void SgdStep(Dictionary<string, Matrix<double>> parameters, IReadOnlyDictionary<string, Matrix<double>> gradients, double learningRate)
{
    foreach (var name in parameters.Keys.ToList())
        parameters[name] = parameters[name] - learningRate * gradients[name];
}
