using Backprop.Errors;
using Backprop.Layers;
using Backprop.Networks;
using Backprop.Tests.TestSupport;
using Backprop.Optimizers;
using Backprop.Training;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Networks;

public class TwoLayerNetTests
{
    /// <summary>
    /// The book's gradient check (section 5.7.3, ch05/gradient_check.py, 3 MNIST samples) prints mean |backprop − numerical|
    /// of 2.2e-13 (W1), 9.7e-13 (b1), 8.4e-13 (W2) and 1.2e-10 (b2). The library's means are larger because its loss keeps the
    /// book's 1e-7 inside log(y + 1e-7) while backward returns (y − t)/N, the derivative without it (see SoftmaxWithLossTests);
    /// measured on these seeds: 4.6e-10…1.3e-9 for W1, b1 and W2, 8.0e-8 for b2. The bound 1e-6 leaves ×12 over the worst.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Gradient_check_on_three_random_samples_is_below_1e_6_for_every_parameter(int seed)
    {
        var net = new TwoLayerNet(20, 10, 5, seed: seed);
        var x = RandomMatrix.Uniform(3, 20, seed, 0, 1);
        var t = RandomMatrix.Labels(3, 5, seed);

        var report = net.CheckGradient(x, t);

        TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());
        Assert.Equal(["W1", "b1", "W2", "b2"], report.Entries.Select(e => e.Name));
        Assert.All(report.Entries, e => Assert.InRange(e.MeanAbsoluteDifference, 0, 1e-6));
        Assert.True(report.AllOk, report.ToString());
    }

    [Fact]
    public void Gradient_returns_the_backprop_gradient_by_parameter_name_with_parameter_shapes()
    {
        var net = new TwoLayerNet(6, 4, 3, seed: 1);
        var grads = net.Gradient(RandomMatrix.Uniform(5, 6, 2, 0, 1), RandomMatrix.Labels(5, 3, 2));

        Assert.Equal(["W1", "b1", "W2", "b2"], grads.Keys);
        foreach (var p in net.Parameters)
        {
            Assert.Equal(p.Data.RowCount, grads[p.Name].RowCount);
            Assert.Equal(p.Data.ColumnCount, grads[p.Name].ColumnCount);
        }
        Assert.Equal(1, grads["b1"].RowCount);
    }

    [Fact]
    public void Same_seed_gives_the_same_weights_and_another_seed_different_ones()
    {
        var a = new TwoLayerNet(30, 8, 4, seed: 7);
        var b = new TwoLayerNet(30, 8, 4, seed: 7);
        var c = new TwoLayerNet(30, 8, 4, seed: 8);
        Assert.Equal(0.0, RandomMatrix.MaxAbsDifference(a.W1.Data, b.W1.Data));
        Assert.Equal(0.0, RandomMatrix.MaxAbsDifference(a.W2.Data, b.W2.Data));
        Assert.True(RandomMatrix.MaxAbsDifference(a.W1.Data, c.W1.Data) > 0);
    }

    [Fact]
    public void Weights_start_gaussian_with_the_requested_std_and_biases_at_zero()
    {
        var net = new TwoLayerNet(784, 50, 10, weightInitStd: 0.01, seed: 0);
        var w = net.W1.Data.Enumerate().ToArray();
        var mean = w.Average();
        var std = Math.Sqrt(w.Sum(v => (v - mean) * (v - mean)) / w.Length);
        // 39,200 samples: the standard error of the std is ≈ 0.4 %, of the mean ≈ 5e-5; bounds are ~8 and ~10 of them.
        Assert.InRange(std, 0.0097, 0.0103);
        Assert.InRange(mean, -5e-4, 5e-4);
        Assert.All(net.B1.Data.Enumerate().Concat(net.B2.Data.Enumerate()), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void An_sgd_update_of_the_networks_parameters_is_seen_by_its_layers()
    {
        var net = new TwoLayerNet(4, 3, 2, seed: 3);
        var x = RandomMatrix.Uniform(2, 4, 4, 0, 1);
        int[] t = [0, 1];
        Assert.Same(net.W1, net.Affine1.W);
        Assert.Same(net.B2, net.Affine2.B);

        var grads = net.Gradient(x, t).ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
        var w1 = net.W1.Data;
        var expectedW1 = Matrix<double>.Build.Dense(4, 3, (i, j) => w1.At(i, j) - 0.5 * grads["W1"].At(i, j));
        new Sgd(0.5).Update(net.Parameters, grads);

        Assert.Same(w1, net.Affine1.W.Data);
        Assert.InRange(RandomMatrix.MaxAbsDifference(expectedW1, net.Affine1.W.Data), 0, 1e-15);
        // The layer computes with the updated weights: its forward equals x·W1' + b1', written out element by element.
        var hidden = net.Affine1.Forward(x);
        var expectedHidden = Loops.PlusRow(Loops.Product(x, expectedW1), net.B1.Data);
        Assert.InRange(RandomMatrix.MaxAbsDifference(expectedHidden, hidden), 0, 1e-15);
    }

    [Fact]
    public void A_parameter_updated_in_place_changes_the_affine_layer_that_holds_it()
    {
        var w = new Parameter("W", Matrix<double>.Build.Dense(2, 2, 1.0));
        var b = new Parameter("b", Matrix<double>.Build.Dense(1, 2));
        var affine = new Affine(w, b);
        var x = Matrix<double>.Build.Dense(1, 2, 1.0);
        Assert.Equal(2.0, affine.Forward(x)[0, 0], 1e-15);

        var grads = new Dictionary<string, Matrix<double>> { ["W"] = Matrix<double>.Build.Dense(2, 2, 1.0), ["b"] = Matrix<double>.Build.Dense(1, 2) };
        new Sgd(0.25).Update([w, b], grads);

        Assert.Equal(1.5, affine.Forward(x)[0, 0], 1e-15);
    }

    [Fact]
    public void Loss_and_accuracy_accept_index_and_one_hot_labels_alike()
    {
        var net = new TwoLayerNet(5, 4, 3, weightInitStd: 1.0, seed: 9);
        var x = RandomMatrix.Uniform(8, 5, 10, 0, 1);
        var t = RandomMatrix.Labels(8, 3, 10);
        var oneHot = Backprop.Functions.Labels.OneHot(t, 3);
        Assert.Equal(net.Loss(x, t), net.Loss(x, oneHot), 1e-12);
        Assert.Equal(net.Accuracy(x, t), net.Accuracy(x, oneHot), 1e-12);
    }

    [Fact]
    public void Accuracy_is_the_fraction_of_rows_whose_largest_score_is_the_label()
    {
        var net = new TwoLayerNet(5, 4, 3, weightInitStd: 1.0, seed: 11);
        var x = RandomMatrix.Uniform(10, 5, 12, 0, 1);
        var predicted = net.PredictLabels(x);
        var scores = net.Predict(x);
        for (var i = 0; i < 10; i++) Assert.Equal(scores.Row(i).MaximumIndex(), predicted[i]);

        int[] t = [.. predicted];
        t[0] = (t[0] + 1) % 3;
        t[1] = (t[1] + 1) % 3;
        Assert.Equal(0.8, net.Accuracy(x, t), 1e-15);
    }

    [Fact]
    public void Predict_with_the_wrong_number_of_input_columns_names_the_first_layer_and_both_shapes()
    {
        var net = new TwoLayerNet(784, 50, 10);
        var ex = Assert.Throws<ShapeMismatchException>(() => net.Predict(Matrix<double>.Build.Dense(3, 28)));
        Assert.Equal("Affine 'Affine1'.Forward: input is 3×28 but W is 784×50 (input columns must equal W rows).", ex.Message);
    }

    [Fact]
    public void Accuracy_with_a_label_count_different_from_the_rows_names_both()
    {
        var net = new TwoLayerNet(4, 3, 2);
        var ex = Assert.Throws<ShapeMismatchException>(() => net.Accuracy(Matrix<double>.Build.Dense(3, 4), new[] { 0, 1 }));
        Assert.Contains("3×4", ex.Message);
        Assert.Contains("2 labels", ex.Message);
    }

    [Theory]
    [InlineData(0, 5, 3)]
    [InlineData(4, 0, 3)]
    [InlineData(4, 5, 0)]
    public void Sizes_below_one_are_rejected(int input, int hidden, int output)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TwoLayerNet(input, hidden, output));
    }
}
