// EXERCISE 5.1: A stable softmax
// EXPECT: one sum for the whole batch
Matrix<double> MySoftmax(Matrix<double> a)
{
    var y = Matrix<double>.Build.Dense(a.RowCount, a.ColumnCount);
    for (var n = 0; n < a.RowCount; n++) y.SetRow(n, (a.Row(n) - a.Row(n).Maximum()).PointwiseExp());
    return y / y.Enumerate().Sum();
}
