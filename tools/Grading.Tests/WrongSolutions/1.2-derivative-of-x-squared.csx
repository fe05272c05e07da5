// EXERCISE 1.2: The chain rule on z = (x + y)²
// EXPECT: runs through t = x + y
(double dx, double dy) SquareOfSumBackward(double x, double y, double dz)
{
    return (dz * 2 * x, dz * 2 * y);
}
