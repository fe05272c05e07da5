// EXERCISE 4.2: Affine forward with a broadcast bias
// EXPECT: bias is missing
Matrix<double> AffineForward(Matrix<double> x, Matrix<double> w, Matrix<double> b)
{
    return x * w;
}
