// EXERCISE 5.1: A stable softmax
// EXPECT: no maximum subtracted
Matrix<double> MySoftmax(Matrix<double> a)
{
    var e = a.PointwiseExp();
    var y = e.Clone();
    for (var n = 0; n < a.RowCount; n++) y.SetRow(n, e.Row(n) / e.Row(n).Sum());
    return y;
}
