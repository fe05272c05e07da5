// EXERCISE 4.2: Affine forward with a broadcast bias
// EXPECT: does not broadcast
Matrix<double> AffineForward(Matrix<double> x, Matrix<double> w, Matrix<double> b)
{
    return x * w + b;
}
