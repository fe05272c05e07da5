// EXERCISE 6.2: The SGD step
// EXPECT: nothing changed
// For every key: move parameters[key] against gradients[key], scaled by learningRate, IN PLACE (the layers hold the same
// matrices). Leave the gradients unchanged; use the learningRate you are given.
void SgdStep(Dictionary<string, Matrix<double>> parameters, IReadOnlyDictionary<string, Matrix<double>> gradients, double learningRate)
{
    foreach (var (name, value) in parameters.Where(p => p.Key.StartsWith("W")))
        value.Subtract(gradients[name].Multiply(learningRate), value);
}
