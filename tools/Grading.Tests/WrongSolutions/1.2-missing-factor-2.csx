// EXERCISE 1.2: The chain rule on z = (x + y)²
// EXPECT: factor 2 is missing
(double dx, double dy) SquareOfSumBackward(double x, double y, double dz)
{
    var t = x + y;
    return (dz * t, dz * t);
}
