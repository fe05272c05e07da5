using Backprop.Autograd;
using Backprop.Functions;
using Backprop.Layers;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Autograd;

/// <summary>
/// Lessons 3–5's layers rebuilt from <see cref="Tensor"/> operations give the layers' own outputs and gradients.
/// Affine agrees bit for bit (the same MathNet products and sums, in the same order), ReLU exactly (up to the sign of a
/// zero). Softmax-with-loss agrees to
/// rounding: the loss within 1e-15 (measured: equal), the gradient within 1e-15 per element (measured: at most 2.2e-16,
/// one unit in the last place of a number of order 1); the layer computes (Y − T)/N in one step, the graph in seven.
/// </summary>
public class TensorLayerTests
{
    [Theory]
    [InlineData(1, 1, 1, 1)]
    [InlineData(1, 4, 3, 2)]
    [InlineData(5, 1, 3, 3)]
    [InlineData(6, 4, 2, 4)]
    public void Affine_as_MatMul_plus_a_broadcast_row_gives_the_layers_output_and_gradients(int n, int inputs, int outputs, int seed)
    {
        var x = RandomMatrix.Uniform(n, inputs, seed);
        var w = RandomMatrix.Uniform(inputs, outputs, seed + 10);
        var b = RandomMatrix.Uniform(1, outputs, seed + 20);
        var dout = RandomMatrix.Uniform(n, outputs, seed + 30);
        var layer = new Affine(w.Clone(), b.Clone());
        var expectedOut = layer.Forward(x.Clone());
        var expectedDx = layer.Backward(dout);

        var (tx, tw, tb) = (new Tensor(x), new Tensor(w), new Tensor(b));
        var output = tx.MatMul(tw) + tb;
        output.Backward(dout);

        BitExact.Equal(expectedOut, output.Data);
        BitExact.Equal(expectedDx, tx.Grad);
        BitExact.Equal(layer.DW!, tw.Grad);
        BitExact.Equal(layer.DB!, tb.Grad);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(1, 6, 2)]
    [InlineData(7, 5, 3)]
    public void Relu_gives_the_layers_output_and_gradient_with_the_same_mask_at_zero(int rows, int columns, int seed)
    {
        var x = RandomMatrix.Uniform(rows, columns, seed);
        x[0, 0] = 0.0;   // the kink: both block the gradient there (mask x ≤ 0)
        var dout = RandomMatrix.Uniform(rows, columns, seed + 10);
        var layer = new Relu();
        var expectedOut = layer.Forward(x);
        var expectedDx = layer.Backward(dout);

        var tx = new Tensor(x);
        var output = tx.Relu();
        output.Backward(dout);

        BitExact.Equal(expectedOut, output.Data);
        // Equal as numbers; only the sign of a zero may differ: the layer's −0.5·0 is −0, while the graph adds that to
        // the 0 its gradient starts from (+=), and 0 + (−0) is +0.
        Assert.Equal(0.0, RandomMatrix.MaxAbsDifference(expectedDx, tx.Grad));
        Assert.Equal(0.0, tx.Grad[0, 0]);
    }

    // Softmax with each row's maximum subtracted, then the mean cross-entropy: the loss as elementary Tensor steps.
    // delta is the 1e-7 the book adds inside the log; 0 leaves it out.
    private static Tensor CrossEntropyOfSoftmax(Tensor scores, int[] labels, double delta)
    {
        var shifted = scores - scores.Max(1);
        var counts = shifted.Exp();
        var probabilities = counts / counts.Sum(1);
        return -(probabilities + delta).Log().Pick(labels).Mean();
    }

    [Theory]
    [InlineData(1, 2, 1, 1.0)]
    [InlineData(1, 10, 2, 1.0)]
    [InlineData(4, 3, 3, 0.5)]
    [InlineData(8, 10, 4, -2.0)]
    public void Softmax_with_loss_from_elementary_steps_gives_the_layers_loss_and_gradient(int n, int classes, int seed, double dout)
    {
        var scores = RandomMatrix.Uniform(n, classes, seed, -3, 3);
        var labels = RandomMatrix.Labels(n, classes, seed);
        var layer = new SoftmaxWithLoss();
        var expectedLoss = layer.Forward(scores, labels);
        var expectedDx = layer.Backward(dout);

        // With the book's δ = 1e-7 inside the log, the graph computes the layer's loss.
        var withDelta = CrossEntropyOfSoftmax(new Tensor(scores), labels, Losses.CrossEntropyDelta);
        Assert.Equal(expectedLoss, withDelta.Data[0, 0], 1e-15);

        // The layer's (Y − T)/N is the exact gradient of the loss without δ: the graph without it gives the same to rounding.
        var tx = new Tensor(scores);
        CrossEntropyOfSoftmax(tx, labels, 0).Backward(Matrix<double>.Build.Dense(1, 1, dout));
        Assert.InRange(RandomMatrix.MaxAbsDifference(expectedDx, tx.Grad), 0, 1e-15);
    }

    [Fact]
    public void The_books_delta_inside_the_log_changes_the_exact_gradient_by_delta_over_y_relative()
    {
        // What the graph shows that the fused layer hides: with δ, ∂L/∂scores is (Y − T)/N with row i scaled by
        // yᵢ/(yᵢ + δ), yᵢ the true class's probability — a relative change of about δ/yᵢ, here 1e-7/yᵢ.
        var scores = RandomMatrix.Uniform(4, 5, 9, -3, 3);
        int[] labels = [0, 4, 2, 2];
        var layer = new SoftmaxWithLoss();
        layer.Forward(scores, labels);
        var fused = layer.Backward();
        var y = layer.Y!;

        var tx = new Tensor(scores);
        CrossEntropyOfSoftmax(tx, labels, Losses.CrossEntropyDelta).Backward();

        var delta = Losses.CrossEntropyDelta;
        var expected = Matrix<double>.Build.Dense(4, 5, (i, j) => fused[i, j] * y[i, labels[i]] / (y[i, labels[i]] + delta));
        Assert.InRange(RandomMatrix.MaxAbsDifference(expected, tx.Grad), 0, 1e-15);
        Assert.InRange(RandomMatrix.MaxAbsDifference(fused, tx.Grad), 1e-10, 1e-6);
    }
}
