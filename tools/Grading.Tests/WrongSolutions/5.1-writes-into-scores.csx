// EXERCISE 5.1: A stable softmax
// EXPECT: wrote into its input
Matrix<double> MySoftmax(Matrix<double> a)
{
    for (var n = 0; n < a.RowCount; n++)
    {
        var e = (a.Row(n) - a.Row(n).Maximum()).PointwiseExp();
        a.SetRow(n, e / e.Sum());
    }
    return a;
}
