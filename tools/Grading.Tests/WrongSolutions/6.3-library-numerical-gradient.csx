// EXERCISE 6.3: A numerical gradient
// EXPECT: Backprop.Gradients.NumericalGradient
// Central difference with h = 1e-4 for every element of x, restoring each element after nudging it. Returns a NEW matrix.
const double h = 1e-4;

Matrix<double> MyNumericalGradient(Func<double> loss, Matrix<double> x)
{
    return NumericalGradient.Of(loss, x, h);
}
