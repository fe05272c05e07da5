using Backprop.Errors;

namespace Backprop.Autograd;

// The matrix product, the one operation whose output element reads a whole row and a whole column. Its vector–Jacobian
// products are the Affine layer's dx and dW of lesson 4.
public sealed partial class Tensor
{
    /// <summary>
    /// The matrix product a·b (NumPy's <c>a @ b</c>) of this N×K tensor a and a K×M tensor b:
    /// ∂L/∂a = G·bᵀ, ∂L/∂b = aᵀ·G for the output's gradient G.
    /// </summary>
    /// <exception cref="ShapeMismatchException">a's columns differ from b's rows.</exception>
    public Tensor MatMul(Tensor b)
    {
        var a = this;
        ArgumentNullException.ThrowIfNull(b);
        if (a.Columns != b.Rows)
            throw new ShapeMismatchException(
                $"Tensor MatMul: the left operand is {Shape.Of(a.Data)} but the right is {Shape.Of(b.Data)} (the left's columns must equal the right's rows).");
        return new(a.Data * b.Data, "MatMul", [a, b], output =>
        {
            a.Grad += output.Grad.TransposeAndMultiply(b.Data);
            b.Grad += a.Data.TransposeThisAndMultiply(output.Grad);
        });
    }
}
