// EXERCISE 1.1: Backward through the apple graph
// EXPECT: multiply by tax
(double dApple, double dCount, double dTax) AppleBackward(double apple, double count, double tax, double dprice)
{
    return (dprice * count, dprice * apple, dprice * apple * count);
}
