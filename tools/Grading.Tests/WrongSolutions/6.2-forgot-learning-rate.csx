// EXERCISE 6.2: The SGD step
// EXPECT: learning rate is missing
void SgdStep(Dictionary<string, Matrix<double>> parameters, IReadOnlyDictionary<string, Matrix<double>> gradients, double learningRate)
{
    foreach (var (name, value) in parameters)
        value.Subtract(gradients[name], value);
}
