// EXERCISE 1.1: Backward through the apple graph
// EXPECT: upstream gradient dprice is missing
(double dApple, double dCount, double dTax) AppleBackward(double apple, double count, double tax, double dprice)
{
    // Right at the book's numbers, where dprice = 1: dTax forgot dprice.
    return (dprice * tax * count, dprice * tax * apple, apple * count);
}
