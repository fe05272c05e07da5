// EXERCISE 6.3: A numerical gradient
// EXPECT: forward difference
const double h = 1e-4;

Matrix<double> MyNumericalGradient(Func<double> loss, Matrix<double> x)
{
    var grad = Matrix<double>.Build.Dense(x.RowCount, x.ColumnCount);
    var at = loss();
    for (var i = 0; i < x.RowCount; i++)
        for (var j = 0; j < x.ColumnCount; j++)
        {
            var original = x[i, j];
            x[i, j] = original + h;
            grad[i, j] = (loss() - at) / h;
            x[i, j] = original;
        }
    return grad;
}
