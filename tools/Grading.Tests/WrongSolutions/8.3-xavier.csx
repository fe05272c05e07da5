// EXERCISE 8.3: He initialisation
// EXPECT: Xavier
Matrix<double> HeInit(int fanIn, int fanOut, Random random)
{
    return Initializers.Gaussian(fanIn, fanOut, Math.Sqrt(1.0 / fanIn), random);
}
