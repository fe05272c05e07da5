using Backprop.Functions;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Autograd;

// Functions applied to every element. Element (i, j) of the output depends only on element (i, j) of the input, so the
// Jacobian is diagonal and its vector–Jacobian product is the scalar derivative times the output's gradient, element by
// element (⊙): exactly lesson 8's local backward, once per element.
public sealed partial class Tensor
{
    /// <summary>eˣ for every element; ∂/∂x = eˣ, the output itself.</summary>
    public Tensor Exp()
    {
        var x = this;
        return new(x.Data.PointwiseExp(), "exp", [x], output => x.Grad += output.Grad.PointwiseMultiply(output.Data));
    }

    /// <summary>ln x for every element; ∂/∂x = 1/x.</summary>
    public Tensor Log()
    {
        var x = this;
        return new(x.Data.PointwiseLog(), "log", [x], output => x.Grad += output.Grad.PointwiseDivide(x.Data));
    }

    /// <summary>tanh x for every element; ∂/∂x = 1 − tanh²x, from the output y as 1 − y².</summary>
    public Tensor Tanh()
    {
        var x = this;
        return new(x.Data.PointwiseTanh(), "tanh", [x], output => x.Grad += output.Grad.PointwiseMultiply(1 - output.Data.PointwisePower(2)));
    }

    /// <summary>max(0, x) for every element; ∂/∂x = 0 where x ≤ 0 and 1 elsewhere (the book's ReLU mask).</summary>
    public Tensor Relu()
    {
        var x = this;
        return new(x.Data.Map(Activations.Relu, Zeros.Include), "ReLU", [x],
            output => x.Grad += output.Grad.PointwiseMultiply(x.Data.Map(v => v <= 0 ? 0.0 : 1.0, Zeros.Include)));
    }

    /// <summary>xᵏ for every element, for a constant exponent k; ∂/∂x = k·xᵏ⁻¹.</summary>
    public Tensor Pow(double k)
    {
        var x = this;
        return new(x.Data.PointwisePower(k), "^" + k.ToString(System.Globalization.CultureInfo.InvariantCulture), [x],
            output => x.Grad += output.Grad.PointwiseMultiply(k * x.Data.PointwisePower(k - 1)));
    }
}
