namespace Backprop.Functions;

/// <summary>
/// The shape of one image: channels × height × width (the book's (C, H, W)). A batch of N images is an N × (C·H·W)
/// matrix, <b>one image per row</b>, its pixels channel by channel and, in each channel, row by row: pixel (c, i, j) is
/// column c·H·W + i·W + j. That is NumPy's <c>x.reshape(N, -1)</c> of an (N, C, H, W) array, and the layout the MNIST
/// matrices already have (C = 1, 28×28: pixel (i, j) is column 28·i + j).
/// </summary>
/// <param name="Channels">C, e.g. 1 for grey digits, 3 for colour, 30 after a convolution with 30 filters.</param>
/// <param name="Height">H, rows of pixels.</param>
/// <param name="Width">W, pixels per row.</param>
public readonly record struct ImageShape(int Channels, int Height, int Width)
{
    /// <summary>C·H·W: the columns one image takes in a batch matrix.</summary>
    public int Size => Channels * Height * Width;

    /// <summary>The column of pixel (c, i, j) in a batch matrix's row.</summary>
    public int Column(int c, int i, int j) => (c * Height + i) * Width + j;

    /// <summary>"C×H×W", as error messages show it.</summary>
    public override string ToString() => $"{Channels}×{Height}×{Width}";
}
