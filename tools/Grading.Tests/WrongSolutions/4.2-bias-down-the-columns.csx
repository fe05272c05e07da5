// EXERCISE 4.2: Affine forward with a broadcast bias
// EXPECT: added down the columns
Matrix<double> AffineForward(Matrix<double> x, Matrix<double> w, Matrix<double> b) =>
    (x * w).MapIndexed((i, _, v) => v + b[0, i]);   // row index instead of column index
