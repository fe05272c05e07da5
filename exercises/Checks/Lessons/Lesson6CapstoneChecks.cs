using System.Diagnostics;
using System.Globalization;
using Backprop.Data;
using Backprop.Functions;
using Backprop.Gradients;
using Backprop.Layers;
using Backprop.Networks;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Checks;

/// <summary>Checks of lesson 6's capstone: a two-layer network from the learner's own layers, trained on MNIST digits.</summary>
public static class Lesson6CapstoneChecks
{
    private static readonly string[] Names = ["W1", "b1", "W2", "b2"];

    /// <summary>Hidden units of the network the check trains.</summary>
    public const int HiddenSize = 50;

    /// <summary>SGD iterations of the check's training run (mini-batches of <see cref="BatchSize"/>).</summary>
    public const int Iterations = 300;

    /// <summary>Samples per mini-batch, drawn with replacement from the 8,000 training digits.</summary>
    public const int BatchSize = 100;

    /// <summary>The learning rate of the check's training run.</summary>
    public const double LearningRate = 0.5;

    /// <summary>The test accuracy the trained network must reach on the 2,000 bundled test digits.</summary>
    public const double RequiredAccuracy = 0.90;

    /// <summary>
    /// EXERCISE 6.6: the capstone. The learner's own layers — <paramref name="makeAffine"/> (W, b) → an Affine layer,
    /// <paramref name="makeRelu"/> → a ReLU, <paramref name="makeLoss"/> → a Softmax-with-Loss — and
    /// <paramref name="makeNetwork"/> (W1, b1, W2, b2) → the network built from them, using those very matrices. Checked in
    /// four steps: (a) the learner's code uses none of the library's layers, networks, trainers, activations or losses (its
    /// types and IL are read); (b) each layer on its own, as strictly as in its own exercise (<see cref="AffineLayerCheck"/>,
    /// <see cref="ActivationLayerCheck"/> with inputs at ReLU's kink, <see cref="LossLayerCheck"/>); (c) the network's gradient
    /// against the library's layers and against central differences by relative error on a small network (index and
    /// one-hot labels, a batch of one, two calls); (d) trained by SGD on the bundled MNIST digits (784-50-10, weights
    /// N(0, 0.01²), <see cref="Iterations"/> mini-batches of <see cref="BatchSize"/>, learning rate <see cref="LearningRate"/>,
    /// fixed seed) it reaches <see cref="RequiredAccuracy"/> test accuracy; the accuracy reached is printed.
    /// </summary>
    public static CheckResult Capstone(
        Func<Matrix<double>, Matrix<double>, IAffineLayer> makeAffine, Func<ILayer> makeRelu, Func<ILossLayer> makeLoss,
        Func<Matrix<double>, Matrix<double>, Matrix<double>, Matrix<double>, ICapstoneNetwork> makeNetwork) =>
        Exercise.Check("6.6", "Capstone: a network from your own layers", () =>
        {
            ArgumentNullException.ThrowIfNull(makeAffine);
            ArgumentNullException.ThrowIfNull(makeRelu);
            ArgumentNullException.ThrowIfNull(makeLoss);
            ArgumentNullException.ThrowIfNull(makeNetwork);
            var probe = New(makeNetwork, [CheckData.Matrix(3, 2, 700), CheckData.Matrix(1, 2, 701), CheckData.Matrix(2, 2, 702), CheckData.Matrix(1, 2, 703)]);

            // (a) Your own layers: nothing of the library's layers may be used, however indirectly.
            LibraryUse.Reject(probe.GetType().Assembly, ["Backprop.Layers", "Backprop.Networks", "Backprop.Training"], [typeof(Activations), typeof(Losses)],
                "the capstone is built from YOUR Affine, ReLU and SoftmaxWithLoss: write their Forward and Backward with MathNet operations, " +
                "without the library's Backprop.Layers, Backprop.Networks, Backprop.Training, Activations or Losses");

            // (b) Each layer on its own, as strictly as in its own exercise.
            AffineLayerCheck.Run(makeAffine, 740, "CapAffine must compute its passes itself: the library's Affine layer is the answer, not yours", typeof(Affine));
            new ActivationLayerCheck
            {
                Forward = x => x.Map(v => v > 0 ? v : 0.0),
                Backward = (x, _, dout) => dout.PointwiseMultiply(x.Map(v => v > 0 ? 1.0 : 0.0)),
                ForwardHint = "CapRelu.Forward keeps the positive elements and sets the others (0 included) to 0",
                BackwardHint = "CapRelu.Backward passes dout where the input was positive and 0 where it was ≤ 0 (lesson 3's convention at the kink)",
                BackwardMistakes = (x, _, dout) =>
                [
                    new("the mask is missing: dout passes only where the input was positive", dout.Clone()),
                    new("at the kink x = 0 the gradient must be 0 (the mask is x > 0, not x ≥ 0)", dout.PointwiseMultiply(x.Map(v => v >= 0 ? 1.0 : 0.0))),
                ],
                Zeros = [(0, 1), (2, 3)],
                Forbidden = [typeof(Relu), typeof(Activations)],
                ForbiddenHint = "CapRelu must compute its passes itself: the library's Relu is the answer, not yours",
            }.Run(makeRelu, 750);
            LossLayerCheck.Run(makeLoss, "CapSoftmaxWithLoss must compute its passes itself: the library's SoftmaxWithLoss is the answer, not yours",
                typeof(SoftmaxWithLoss), typeof(Activations), typeof(Losses));

            // (c) The gradient on a small network: against the library's layers, then against central differences.
            GradientCheck(makeNetwork, 6, 5, 3, 4, 710, index: true);
            GradientCheck(makeNetwork, 6, 5, 3, 4, 720, index: false);
            GradientCheck(makeNetwork, 4, 4, 4, 1, 730, index: true);

            // (d) Training on the bundled digits with the check's own SGD loop.
            var (train, test) = Mnist.LoadBundled();
            var random = new Random(7);
            Matrix<double>[] parameters =
            [
                Initializers.Gaussian(MnistSet.PixelsPerImage, HiddenSize, 0.01, random), Matrix<double>.Build.Dense(1, HiddenSize),
                Initializers.Gaussian(HiddenSize, MnistSet.Classes, 0.01, random), Matrix<double>.Build.Dense(1, MnistSet.Classes),
            ];
            var net = New(makeNetwork, parameters);
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < Iterations; i++)
            {
                var batch = train.Rows([.. Enumerable.Range(0, BatchSize).Select(_ => random.Next(train.Count))]);
                var grads = net.Gradient(batch.Images, batch.Labels);
                for (var k = 0; k < Names.Length; k++)
                    parameters[k].Subtract(LearningRate * grads[Names[k]], parameters[k]); // in place: the network holds these matrices
            }
            var scores = net.Predict(test.Images);
            Expect.Shaped(scores, test.Count, MnistSet.Classes, "Predict(test images)", "one row of 10 class scores per image");
            var correct = Enumerable.Range(0, test.Count).Count(r => scores.Row(r).MaximumIndex() == test.Labels[r]);
            var accuracy = correct / (double)test.Count;
            var summary = string.Create(CultureInfo.InvariantCulture,
                $"test accuracy {accuracy:F4} ({correct} of {test.Count} digits) after {Iterations} iterations of {BatchSize}, learning rate {LearningRate}, in {clock.Elapsed.TotalSeconds:F1} s");
            Console.WriteLine(summary);
            if (accuracy < RequiredAccuracy)
                throw new CheckFailedException("test accuracy after training on the bundled MNIST digits", $"at least {RequiredAccuracy:F2}", summary,
                    "the gradient passed the small checks, so look at what only shows at scale: a softmax without the per-row max, " +
                    "a ReLU mask taken from the wrong matrix, or layers that copy W and b instead of holding them");
        });

    private static ICapstoneNetwork New(Func<Matrix<double>, Matrix<double>, Matrix<double>, Matrix<double>, ICapstoneNetwork> make, Matrix<double>[] p) =>
        make(p[0], p[1], p[2], p[3])
        ?? throw new CheckFailedException("the network", "a new network", "null", "the factory must return a new network, e.g. (w1, b1, w2, b2) => new MyNet(w1, b1, w2, b2)");

    private static void GradientCheck(Func<Matrix<double>, Matrix<double>, Matrix<double>, Matrix<double>, ICapstoneNetwork> make, int d, int h, int k, int n, int seed, bool index)
    {
        Matrix<double>[] p = [CheckData.Matrix(d, h, seed) * 0.5, CheckData.Matrix(1, h, seed + 1) * 0.5, CheckData.Matrix(h, k, seed + 2) * 0.5, CheckData.Matrix(1, k, seed + 3) * 0.5];
        var given = p.Select(m => m.Clone()).ToArray();
        var net = New(make, given);
        var x = CheckData.Matrix(n, d, seed + 4);
        var classes = Enumerable.Range(0, n).Select(i => (i * 7 + seed) % k).ToArray();
        Labels t = index ? classes : Labels.OneHot(classes, k);
        var what = $"Gradient(x, t) of a {d}-{h}-{k} network on {n} sample{(n == 1 ? "" : "s")} with {(index ? "index" : "one-hot")} labels";
        var xBefore = x.Clone();

        // Another batch first, so a layer that keeps its first input shows.
        net.Gradient(CheckData.Matrix(n, d, seed + 5), index ? classes.Reverse().ToArray() : Labels.OneHot([.. classes.Reverse()], k));
        var result = net.Gradient(x, t) ?? throw new CheckFailedException(what, "gradients by name", "null", "return a dictionary with W1, b1, W2, b2");
        var got = Names.ToDictionary(name => name, name => result.TryGetValue(name, out var g) && g is not null ? g.Clone()
            : throw new CheckFailedException(what, "entries W1, b1, W2, b2", $"entries {string.Join(", ", result.Keys)}", $"no gradient for {name}: return each parameter's gradient under its name"));
        Expect.Unchanged(x, xBefore, "x", "the network wrote into its input x");
        for (var i = 0; i < Names.Length; i++)
            Expect.Unchanged(given[i], p[i], Names[i], $"Gradient changed {Names[i]}: only the training loop's step changes the weights");

        var reference = Reference(p, x, t);
        for (var i = 0; i < Names.Length; i++)
        {
            var name = Names[i];
            Expect.Shaped(got[name], p[i].RowCount, p[i].ColumnCount, $"d{name} of {what}", $"each gradient has its parameter's shape; is the entry \"{name}\" the gradient of {name}?");
            var expected = reference[name];
            Expect.Values(got[name], expected, $"d{name} of {what}", "compare each of your layers with its lesson: Affine (4), ReLU (3), SoftmaxWithLoss (5)",
                new("the sign is flipped: SoftmaxWithLoss's backward is (y − t)/N", -expected),
                new("the 1/N is missing: SoftmaxWithLoss's backward is (y − t)/N", expected * n),
                new("divided by N twice: only SoftmaxWithLoss divides by N; the Affine layers pass dout on as it is", expected / n));
        }
        for (var i = 0; i < Names.Length; i++)
        {
            var numerical = NumericalGradient.Of(() => net.Loss(x, t), given[i]);
            var error = Expect.RelativeError(got[Names[i]], numerical);
            // The 1e-7 inside the log shifts the loss's own derivative by ~1e-6 relative; a wrong gradient is off by 1e-2 or more.
            if (!(error < 1e-5))
                throw new CheckFailedException($"relative error of d{Names[i]} against central differences of Loss ({what})", "below 1e-5", Expect.Text(error),
                    "the backward pass disagrees with the loss; does the network use the matrices it was given (not copies)?");
        }
    }

    private static Dictionary<string, Matrix<double>> Reference(Matrix<double>[] p, Matrix<double> x, Labels t)
    {
        var affine1 = new Affine(p[0].Clone(), p[1].Clone());
        var relu = new Relu();
        var affine2 = new Affine(p[2].Clone(), p[3].Clone());
        var loss = new SoftmaxWithLoss();
        loss.Forward(affine2.Forward(relu.Forward(affine1.Forward(x))), t);
        affine1.Backward(relu.Backward(affine2.Backward(loss.Backward(1.0))));
        return new() { ["W1"] = affine1.DW!, ["b1"] = affine1.DB!, ["W2"] = affine2.DW!, ["b2"] = affine2.DB! };
    }
}
