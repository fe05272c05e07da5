// EXERCISE 6.4: A relative-error gradient check
// EXPECT: both zero
// g (by backpropagation) and gNumerical (by central differences) have the same shape. Return the size of their difference
// measured against the sizes of both: a number that stays the same when both are multiplied by any factor; 0 when both are
// zero. Leave both matrices unchanged.
double RelativeError(Matrix<double> g, Matrix<double> gNumerical)
{
    var scale = g.FrobeniusNorm() + gNumerical.FrobeniusNorm();
    return (g - gNumerical).FrobeniusNorm() / scale;
}
