// EXERCISE 1.1: Backward through the apple graph
// EXPECT: swaps its inputs
(double dApple, double dCount, double dTax) AppleBackward(double apple, double count, double tax, double dprice)
{
    var dSubtotal = dprice * tax;
    return (dSubtotal * apple, dSubtotal * count, dprice * apple * count);
}
