using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Layers;

/// <summary>
/// Dropout (the book's 6.4.3): in training each unit is kept or dropped at random, anew for every batch; at inference every
/// unit is kept and scaled by the fraction that was kept in training, so the next layer sees outputs of the same size:
/// <code>
/// training:  mask = (rand ≥ ratio),  out = x·mask      dx = dout·mask
/// inference:                         out = x·(1 − ratio)   dx = dout·(1 − ratio)
/// </code>
/// The mask plays the part ReLU's did: Backward lets the gradient through exactly where Forward let x through. (Frameworks
/// use "inverted dropout", dividing by 1 − ratio in training so inference is the identity; the book scales at inference.)
/// The draws come from a <see cref="System.Random"/> seeded at construction, so a run repeats.
/// </summary>
public sealed class Dropout : ILayer
{
    private readonly Random _random;
    private Matrix<double>? _mask;
    private Matrix<double>? _out;
    private bool _forwardWasTraining;

    /// <summary>A layer dropping each unit with probability <paramref name="ratio"/> (the book's default 0.5) in training.</summary>
    /// <exception cref="ArgumentOutOfRangeException">ratio is not in [0, 1).</exception>
    public Dropout(double ratio = 0.5, int seed = 0, string name = "Dropout")
    {
        if (!(ratio >= 0 && ratio < 1))
            throw new ArgumentOutOfRangeException(nameof(ratio), ratio,
                $"Dropout '{name}': the ratio of units dropped must be in [0, 1) (1 would drop every unit and pass nothing on).");
        Ratio = ratio;
        Name = name;
        _random = new Random(seed);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The probability that a unit is dropped in training.</summary>
    public double Ratio { get; }

    /// <summary>True (the default): drop units at random. False: keep all, scaled by 1 − ratio.</summary>
    public bool Training { get; set; } = true;

    /// <summary>The mask of the last training Forward (1 kept, 0 dropped), or null before the first.</summary>
    public Matrix<double>? Mask => _mask?.Clone();

    /// <summary>Training: x·mask with a new mask (drawn row by row); inference: x·(1 − ratio).</summary>
    public Matrix<double> Forward(Matrix<double> x)
    {
        LayerGuard.RequireInput(x, this, Name);
        _forwardWasTraining = Training;
        if (Training)
        {
            // The book keeps a unit where rand > ratio; ≥ differs only when a draw equals ratio exactly, and makes ratio 0
            // keep every unit for certain (NextDouble can return 0).
            _mask = Matrix<double>.Build.Dense(x.RowCount, x.ColumnCount);
            for (var i = 0; i < x.RowCount; i++)
                for (var j = 0; j < x.ColumnCount; j++)
                    _mask.At(i, j, _random.NextDouble() >= Ratio ? 1.0 : 0.0);
            _out = x.PointwiseMultiply(_mask);
        }
        else
        {
            _out = x * (1.0 - Ratio);
        }
        return _out;
    }

    /// <summary>dout·mask after a training Forward (the same mask), dout·(1 − ratio) after an inference one; a new matrix.</summary>
    public Matrix<double> Backward(Matrix<double> dout)
    {
        LayerGuard.RequireBackward(_out, dout, this, Name);
        return _forwardWasTraining ? dout.PointwiseMultiply(_mask!) : dout * (1.0 - Ratio);
    }
}
