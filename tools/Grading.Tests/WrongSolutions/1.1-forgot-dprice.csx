// EXERCISE 1.1: Backward through the apple graph
// EXPECT: upstream gradient dprice is missing
(double dApple, double dCount, double dTax) AppleBackward(double apple, double count, double tax, double dprice)
{
    return (tax * count, tax * apple, apple * count);
}
