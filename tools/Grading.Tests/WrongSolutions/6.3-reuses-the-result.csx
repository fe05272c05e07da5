// EXERCISE 6.3: A numerical gradient
// EXPECT: reused the matrix
// Central difference with h = 1e-4 for every element of x, restoring each element after nudging it. Returns a NEW matrix.
const double h = 1e-4;

Matrix<double> buffer = null;
Matrix<double> MyNumericalGradient(Func<double> loss, Matrix<double> x)
{
    if (buffer is null || buffer.RowCount != x.RowCount || buffer.ColumnCount != x.ColumnCount)
        buffer = Matrix<double>.Build.Dense(x.RowCount, x.ColumnCount);
    var grad = buffer;
    for (var i = 0; i < x.RowCount; i++)
        for (var j = 0; j < x.ColumnCount; j++)
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
