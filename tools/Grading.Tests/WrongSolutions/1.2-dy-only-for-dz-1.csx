// EXERCISE 1.2: The chain rule on z = (x + y)²
// EXPECT: upstream gradient dz is missing
(double dx, double dy) SquareOfSumBackward(double x, double y, double dz)
{
    var dt = 2 * (x + y);
    return (dt * dz, dt);   // dy forgot dz: right only while dz = 1
}
