// EXERCISE 4.2: Affine forward with a broadcast bias
// EXPECT: library's Backprop.Layers.Affine
Matrix<double> AffineForward(Matrix<double> x, Matrix<double> w, Matrix<double> b) => new Affine(w, b).Forward(x);
