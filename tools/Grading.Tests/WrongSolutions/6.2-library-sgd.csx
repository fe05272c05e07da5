// EXERCISE 6.2: The SGD step
// EXPECT: Backprop.Optimizers.Sgd
// For every key: move parameters[key] against gradients[key], scaled by learningRate, IN PLACE (the layers hold the same
// matrices). Leave the gradients unchanged; use the learningRate you are given.
void SgdStep(Dictionary<string, Matrix<double>> parameters, IReadOnlyDictionary<string, Matrix<double>> gradients, double learningRate)
{
    new Backprop.Optimizers.Sgd(learningRate).Update(parameters.Select(p => new Parameter(p.Key, p.Value)), gradients);
}
