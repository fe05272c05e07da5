// EXERCISE 8.3: He initialisation
// EXPECT: n = fanOut
Matrix<double> HeInit(int fanIn, int fanOut, Random random)
{
    return Initializers.Gaussian(fanIn, fanOut, Math.Sqrt(2.0 / fanOut), random);
}
