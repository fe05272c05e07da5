using Backprop.Layers;
using Backprop.Tests.TestSupport;
using Backprop.Optimizers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Optimizers;

/// <summary>The SGD step against W ← W − lr·∂L/∂W computed one element at a time, in place.</summary>
public class SgdTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 3)]
    [InlineData(1, 50)]
    [InlineData(7, 5)]
    [InlineData(784, 50)]
    public void Update_equals_the_scalar_step_bit_for_bit_for_every_length(int rows, int columns)
    {
        var value = RandomMatrix.Uniform(rows, columns, 1);
        var parameter = new Parameter("W", value);
        var gradient = RandomMatrix.Uniform(rows, columns, 2);
        gradient.At(0, 0, double.NaN);
        var expected = Matrix<double>.Build.Dense(rows, columns, (i, j) => value.At(i, j) - 0.1 * gradient.At(i, j));

        new Sgd(0.1).Update([parameter], new Dictionary<string, Matrix<double>> { ["W"] = gradient });

        Assert.Same(value, parameter.Data);
        BitExact.Equal(expected, parameter.Data);
    }

    [Fact]
    public void Update_of_a_sparse_parameter_is_in_place_too()
    {
        var value = Matrix<double>.Build.SparseOfArray(new[,] { { 0.0, 2.0, 0.0 }, { -1.0, 0.0, 0.5 } });
        var parameter = new Parameter("W", value);
        var gradient = RandomMatrix.Uniform(2, 3, 3);
        var expected = Matrix<double>.Build.Dense(2, 3, (i, j) => value.At(i, j) - 0.3 * gradient.At(i, j));

        new Sgd(0.3).Update([parameter], new Dictionary<string, Matrix<double>> { ["W"] = gradient });

        Assert.Same(value, parameter.Data);
        BitExact.Equal(expected, parameter.Data);
    }
}
