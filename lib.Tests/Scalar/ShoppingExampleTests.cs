using Backprop.Scalar;

namespace Backprop.Tests.Scalar;

/// <summary>The book's apple and apple-and-orange graphs (figures 5-16 and 5-17), within 1e-9.</summary>
public class ShoppingExampleTests
{
    private const double Tolerance = 1e-9;

    [Fact]
    public void Apple_graph_gives_price_220_and_the_books_gradients()
    {
        var mulApple = new MulLayer();
        var mulTax = new MulLayer();

        var applePrice = mulApple.Forward(100, 2);
        var price = mulTax.Forward(applePrice, 1.1);
        var (dApplePrice, dTax) = mulTax.Backward(1);
        var (dApple, dAppleNum) = mulApple.Backward(dApplePrice);

        Assert.Equal(220, price, Tolerance);
        Assert.Equal(2.2, dApple, Tolerance);
        Assert.Equal(110, dAppleNum, Tolerance);
        Assert.Equal(200, dTax, Tolerance);
    }

    [Fact]
    public void Apple_and_orange_graph_gives_price_715_and_the_books_gradients()
    {
        var mulApple = new MulLayer();
        var mulOrange = new MulLayer();
        var addFruit = new AddLayer();
        var mulTax = new MulLayer();

        var applePrice = mulApple.Forward(100, 2);
        var orangePrice = mulOrange.Forward(150, 3);
        var allPrice = addFruit.Forward(applePrice, orangePrice);
        var price = mulTax.Forward(allPrice, 1.1);

        var (dAllPrice, dTax) = mulTax.Backward(1);
        var (dApplePrice, dOrangePrice) = addFruit.Backward(dAllPrice);
        var (dOrange, dOrangeNum) = mulOrange.Backward(dOrangePrice);
        var (dApple, dAppleNum) = mulApple.Backward(dApplePrice);

        Assert.Equal(715, price, Tolerance);
        Assert.Equal(2.2, dApple, Tolerance);
        Assert.Equal(110, dAppleNum, Tolerance);
        Assert.Equal(3.3, dOrange, Tolerance);
        Assert.Equal(165, dOrangeNum, Tolerance);
        Assert.Equal(650, dTax, Tolerance);
    }

    [Fact]
    public void Add_layer_passes_the_upstream_gradient_to_both_inputs()
    {
        var add = new AddLayer();
        Assert.Equal(5.0, add.Forward(2, 3), Tolerance);
        Assert.Equal((1.7, 1.7), add.Backward(1.7));
    }

    [Fact]
    public void Mul_layer_backward_before_forward_says_forward_has_not_run()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new MulLayer().Backward(1));
        Assert.Contains("before Forward", ex.Message);
    }
}
