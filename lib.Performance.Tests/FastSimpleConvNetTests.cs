using Backprop.Functions;
using Backprop.Layers;
using Backprop.Networks;
using Backprop.Optimizers;
using Backprop.Tests.TestSupport;
using Backprop.Training;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Performance.Tests;

/// <summary>
/// FastSimpleConvNet and FastAdam against the book's SimpleConvNet and Adam: with the same products, the same numbers bit for
/// bit (the fast path only fuses the convolution, ReLU and pooling into reused buffers and skips the convolution's dx).
/// </summary>
[Collection(nameof(MatrixBackendTests))]
public class FastSimpleConvNetTests
{
    public static TheoryData<MatrixBackendKind> Backends => [.. Enum.GetValues<MatrixBackendKind>().Where(k => k != MatrixBackendKind.Native || MatrixBackend.IsNativeAvailable)];

    [Theory]
    [MemberData(nameof(Backends))]
    public void Training_with_the_fast_pieces_ends_with_the_book_pieces_weights_losses_and_accuracies_bit_for_bit(MatrixBackendKind kind)
    {
        var train = BundledMnist.Train.Take(400);
        var test = BundledMnist.Test.Take(100);
        try
        {
            MatrixBackend.Use(kind);
            var book = new SimpleConvNet(filterNum: 6, hiddenSize: 20, seed: 3);
            var fast = new SimpleConvNet(filterNum: 6, hiddenSize: 20, seed: 3);
            var trainer = new Trainer { Iterations = 12, BatchSize = 40, Seed = 5, EvaluateEvery = 6 };
            var bookHistory = trainer.Train(book, new Adam(0.01), train, test, cancellationToken: TestContext.Current.CancellationToken);
            var fastHistory = trainer.Train(new FastSimpleConvNet(fast), new FastAdam(0.01), train, test,
                cancellationToken: TestContext.Current.CancellationToken);

            for (var p = 0; p < book.Parameters.Count; p++) BitExact.Equal(book.Parameters[p].Data, fast.Parameters[p].Data);
            Assert.Equal(bookHistory.Losses, fastHistory.Losses);
            Assert.Equal(bookHistory.TestAccuracy, fastHistory.TestAccuracy);
            Assert.Equal(bookHistory.TrainAccuracy, fastHistory.TrainAccuracy);
            Assert.True(bookHistory.Losses[^1] < bookHistory.Losses[0], "the run must learn something, or equal weights prove little");
        }
        finally
        {
            MatrixBackend.UseMathNet();
        }
    }

    [Theory]
    [InlineData(1, 28, 28, 5, 0, 1, 7)]    // the book's geometry, odd batch
    [InlineData(2, 10, 10, 3, 1, 1, 3)]    // two channels, padding (values of patches in the padding are 0)
    [InlineData(3, 11, 11, 3, 1, 2, 2)]    // three channels, stride 2 (a 6×6 convolution output)
    public void The_gradient_is_the_networks_own_for_other_shapes_and_batch_sizes(int channels, int height, int width, int filter, int pad, int stride, int n)
    {
        var shape = new ImageShape(channels, height, width);
        SimpleConvNet Make() => new(shape, filterNum: 4, filterSize: filter, pad: pad, stride: stride, hiddenSize: 8, outputSize: 5, weightInitStd: 0.3, seed: 11);
        var net = Make();
        var x = Matrix<double>.Build.Dense(n, shape.Size, (i, j) => Math.Sin(1.7 * i + 0.31 * j) - 0.2);
        var labels = Enumerable.Range(0, n).Select(i => i % 5).ToArray();
        var xBefore = x.Clone();

        var expected = net.Gradient(x, labels).ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
        var fastNet = new FastSimpleConvNet(Make());
        var first = fastNet.Gradient(x, labels).ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
        var again = fastNet.Gradient(x, labels);

        Assert.Equal(expected.Keys.Order(), first.Keys.Order());
        foreach (var (name, gradient) in expected)
        {
            BitExact.Equal(gradient, first[name]);
            BitExact.Equal(gradient, again[name]);
        }
        BitExact.Equal(xBefore, x);
        BitExact.Equal(net.Predict(x), fastNet.Predict(x));
    }

    [Fact]
    public void Windows_that_tie_and_a_NaN_pixel_give_the_books_numbers()
    {
        // Constant images: every ReLU output in a window ties. Which element wins cannot change these numbers (tied
        // patches are equal, and the convolution's dx is not computed); the NaN must travel to the scores as in Pooling.
        var net = new SimpleConvNet(new ImageShape(1, 8, 8), filterNum: 3, filterSize: 3, hiddenSize: 4, outputSize: 3, weightInitStd: 0.5, seed: 2);
        var x = Matrix<double>.Build.Dense(2, 64, 0.5);
        int[] labels = [0, 2];
        var expected = net.Gradient(x, labels).ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
        var fast = new FastSimpleConvNet(new SimpleConvNet(new ImageShape(1, 8, 8), filterNum: 3, filterSize: 3, hiddenSize: 4, outputSize: 3, weightInitStd: 0.5, seed: 2));
        var actual = fast.Gradient(x, labels);
        foreach (var (name, gradient) in expected) BitExact.Equal(gradient, actual[name]);

        var withNaN = x.Clone();
        withNaN[1, 20] = double.NaN;
        BitExact.Equal(net.Predict(withNaN), fast.Predict(withNaN));
    }

    [Fact]
    public void FastAdam_steps_every_parameter_exactly_as_Adam_over_several_steps_and_names_a_missing_gradient()
    {
        Matrix<double> Start(int seed, int rows = 7, int cols = 9) => Matrix<double>.Build.Dense(rows, cols, (i, j) => Math.Sin(seed + 3 * i + j));
        Parameter[] book = [new("W", Start(2)), new("b", Matrix<double>.Build.Dense(1, 9, 0.5))];
        Parameter[] fast = [new("W", Start(2)), new("b", Matrix<double>.Build.Dense(1, 9, 0.5))];
        var adam = new Adam(0.01, 0.8, 0.99);
        var fastAdam = new FastAdam(0.01, 0.8, 0.99);
        for (var step = 0; step < 4; step++)
        {
            var grads = new Dictionary<string, Matrix<double>> { ["W"] = Start(10 * step), ["b"] = Matrix<double>.Build.Dense(1, 9, (_, j) => Math.Cos(j + step)) };
            adam.Update(book, grads);
            fastAdam.Update(fast, grads);
            for (var p = 0; p < book.Length; p++) BitExact.Equal(book[p].Data, fast[p].Data);
        }
        var ex = Assert.Throws<KeyNotFoundException>(() => new FastAdam().Update([new Parameter("W2", Start(3))], new Dictionary<string, Matrix<double>>()));
        Assert.Contains("W2", ex.Message);
    }

    [Fact]
    public void A_batch_of_the_wrong_width_is_refused_naming_the_shapes()
    {
        var fast = new FastSimpleConvNet(new SimpleConvNet(seed: 1));
        var ex = Assert.Throws<Errors.ShapeMismatchException>(() => fast.Gradient(Matrix<double>.Build.Dense(2, 700), new[] { 0, 1 }));
        Assert.Contains("2×700", ex.Message);
        Assert.Contains("1×28×28", ex.Message);
    }
}
