// EXERCISE 5.1: A stable softmax
// EXPECT: shifted by the row's mean
Matrix<double> MySoftmax(Matrix<double> a)
{
    // Centres each row: enough for scores close together, not for scores thousands apart.
    var y = Matrix<double>.Build.Dense(a.RowCount, a.ColumnCount);
    for (var n = 0; n < a.RowCount; n++)
    {
        var row = a.Row(n);
        var e = (row - row.Average()).PointwiseExp();
        y.SetRow(n, e / e.Sum());
    }
    return y;
}
