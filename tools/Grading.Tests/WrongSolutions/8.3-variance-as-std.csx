// EXERCISE 8.3: He initialisation
// EXPECT: 2/n is the variance
Matrix<double> HeInit(int fanIn, int fanOut, Random random)
{
    return Initializers.Gaussian(fanIn, fanOut, 2.0 / fanIn, random);
}
