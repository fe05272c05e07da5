using Backprop.Errors;
using Backprop.Functions;
using Backprop.Gradients;
using Backprop.Layers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Networks;

/// <summary>
/// The sine regression of the hand-written example lesson 7 follows: Affine1 → Sigmoid1 → Affine2 (identity output),
/// loss = half the mean squared error (1/2N)·Σ(y − t)². Weights start uniform in [0, 1) from a seeded
/// <see cref="Random"/>, biases at 0. Layout: one sample per row (N×1 in, N×1 out) — the book's (samples, features);
/// the hand-written example uses the transpose (features, samples), so its W1 is 25×1 where this W1 is 1×25.
/// </summary>
public sealed class SineRegressionNet
{
    /// <summary>The hand-written example's learning rate.</summary>
    public const double DefaultLearningRate = 0.3;

    /// <summary>The hand-written example's number of iterations.</summary>
    public const int DefaultIterations = 4000;

    /// <summary>Builds the 1-hidden-1 network (25 hidden units in the hand-written example).</summary>
    public SineRegressionNet(int hiddenSize = 25, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenSize, 1);
        var random = new Random(seed);
        W1 = new Parameter("W1", Initializers.Uniform(1, hiddenSize, random));
        B1 = new Parameter("b1", Matrix<double>.Build.Dense(1, hiddenSize));
        W2 = new Parameter("W2", Initializers.Uniform(hiddenSize, 1, random));
        B2 = new Parameter("b2", Matrix<double>.Build.Dense(1, 1));
        Affine1 = new Affine(W1, B1, "Affine1");
        Affine2 = new Affine(W2, B2, "Affine2");
        Layers = [Affine1, new Sigmoid("Sigmoid1"), Affine2];
        Parameters = [W1, B1, W2, B2];
    }

    /// <summary>Input weights, 1×hidden.</summary>
    public Parameter W1 { get; }

    /// <summary>Hidden bias, 1×hidden.</summary>
    public Parameter B1 { get; }

    /// <summary>Output weights, hidden×1.</summary>
    public Parameter W2 { get; }

    /// <summary>Output bias, 1×1.</summary>
    public Parameter B2 { get; }

    /// <summary>W1, b1, W2, b2 — shared with the layers.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The first Affine layer (holds W1, b1).</summary>
    public Affine Affine1 { get; }

    /// <summary>The second Affine layer (holds W2, b2).</summary>
    public Affine Affine2 { get; }

    /// <summary>Affine1, Sigmoid1, Affine2.</summary>
    public IReadOnlyList<ILayer> Layers { get; }

    /// <summary>The network's output for each row of x (N×1).</summary>
    public Matrix<double> Predict(Matrix<double> x)
    {
        foreach (var layer in Layers) x = layer.Forward(x);
        return x;
    }

    /// <summary>Half the mean squared error, (1/2N)·Σ(Predict(x) − t)².</summary>
    public double Loss(Matrix<double> x, Matrix<double> t) => Losses.HalfMeanSquaredError(Predict(x), t);

    /// <summary>Backprop gradients by name: "W1", "b1", "W2", "b2" (the Affine layers' DW and DB).</summary>
    public IReadOnlyDictionary<string, Matrix<double>> Gradient(Matrix<double> x, Matrix<double> t) => ForwardBackward(x, t).Grads;

    // One forward pass serves both the loss and the backward pass.
    private (double Loss, IReadOnlyDictionary<string, Matrix<double>> Grads) ForwardBackward(Matrix<double> x, Matrix<double> t)
    {
        // forward
        var y = Predict(x);
        var loss = Losses.HalfMeanSquaredError(y, t);

        // backward
        var dout = Losses.HalfMeanSquaredErrorGradient(y, t);
        foreach (var layer in Layers.Reverse()) dout = layer.Backward(dout);

        var grads = new Dictionary<string, Matrix<double>>
        {
            ["W1"] = Affine1.DW!, ["b1"] = Affine1.DB!,
            ["W2"] = Affine2.DW!, ["b2"] = Affine2.DB!,
        };
        return (loss, grads);
    }

    /// <summary>Numerical vs backprop gradient for every parameter.</summary>
    public GradientCheckReport CheckGradient(Matrix<double> x, Matrix<double> t)
    {
        var numerical = Parameters.ToDictionary(p => p.Name, p => NumericalGradient.Of(() => Loss(x, t), p.Data));
        var backprop = Gradient(x, t).ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
        return GradientCheck.Compare(numerical, backprop);
    }

    /// <summary>
    /// Full-batch gradient descent as in the hand-written example. Returns the loss before each update (entry 0 is the
    /// starting loss). <paramref name="progress"/>(iteration, loss) is called every <paramref name="progressEvery"/>
    /// iterations (the example prints every 100) and after the last one.
    /// </summary>
    public IReadOnlyList<double> Train(Matrix<double> x, Matrix<double> t, int iterations = DefaultIterations,
        double learningRate = DefaultLearningRate, Action<int, double>? progress = null, int progressEvery = 100)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(iterations);
        ArgumentOutOfRangeException.ThrowIfLessThan(progressEvery, 1);
        var history = new List<double>(iterations);
        var sgd = new Optimizers.Sgd(learningRate);
        for (var i = 0; i < iterations; i++)
        {
            double loss;
            IReadOnlyDictionary<string, Matrix<double>> grads;
            try
            {
                (loss, grads) = ForwardBackward(x, t);
            }
            catch (NonFiniteLossException e)
            {
                throw new NonFiniteLossException(
                    $"SineRegressionNet.Train: the loss is not finite at iteration {i} (learning rate {learningRate}); lower the learning rate. {e.Message}");
            }
            history.Add(loss);
            sgd.Update(Parameters, grads);
            if (progress is not null && (i % progressEvery == 0 || i == iterations - 1)) progress(i, loss);
        }
        return history;
    }
}
