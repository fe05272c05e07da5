// EXERCISE 6.3: A numerical gradient
// EXPECT: not restoring the element
const double h = 1e-4;

Matrix<double> MyNumericalGradient(Func<double> loss, Matrix<double> x)
{
    var grad = Matrix<double>.Build.Dense(x.RowCount, x.ColumnCount);
    for (var i = 0; i < x.RowCount; i++)
        for (var j = 0; j < x.ColumnCount; j++)
        {
            var original = x[i, j];
            x[i, j] = original + h;
            var plus = loss();
            x[i, j] = original - h;
            var minus = loss();
            grad[i, j] = (plus - minus) / (2 * h);
        }
    return grad;
}
