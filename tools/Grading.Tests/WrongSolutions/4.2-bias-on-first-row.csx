// EXERCISE 4.2: Affine forward with a broadcast bias
// EXPECT: first row only
Matrix<double> AffineForward(Matrix<double> x, Matrix<double> w, Matrix<double> b)
{
    var result = x * w;
    for (var j = 0; j < result.ColumnCount; j++) result[0, j] += b[0, j];
    return result;
}
