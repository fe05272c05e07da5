// EXERCISE 8.3: He initialisation
// EXPECT: centred on 0
Matrix<double> HeInit(int fanIn, int fanOut, Random random)
{
    var std = Math.Sqrt(2.0 / fanIn);
    return Initializers.Gaussian(fanIn, fanOut, std, random).Map(w => Math.Abs(w));
}
