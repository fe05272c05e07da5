using Backprop.Errors;

namespace Backprop.Functions;

/// <summary>
/// Where a FH×FW window (a convolution's filter, or a pooling window) lands on C×H×W images: the image is padded with
/// <see cref="Pad"/> zeros on every side, and the window steps <see cref="Stride"/> pixels at a time, left to right and
/// top to bottom, giving OH×OW positions:
/// <code>
/// OH = (H + 2·pad − FH) / stride + 1
/// OW = (W + 2·pad − FW) / stride + 1
/// </code>
/// The book's code rounds these divisions down, silently leaving the last pixels out; here a stride that does not divide
/// is an error, as is a window larger than the padded image, each naming the layer and the shapes.
/// </summary>
public sealed class PatchGrid
{
    /// <summary>Checks the geometry and computes OH and OW.</summary>
    /// <param name="input">The shape of one input image.</param>
    /// <param name="filterHeight">FH, the window's height.</param>
    /// <param name="filterWidth">FW, the window's width.</param>
    /// <param name="stride">Pixels between two window positions (1 or more).</param>
    /// <param name="pad">Zeros added on every side (0 or more).</param>
    /// <param name="owner">Who asks, for error messages, e.g. "Convolution 'Conv1'".</param>
    /// <param name="window">What the window is called in error messages: "filter" or "pooling window".</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or pad is negative.</exception>
    /// <exception cref="ShapeMismatchException">The window is larger than the padded image, or the stride does not divide.</exception>
    public PatchGrid(ImageShape input, int filterHeight, int filterWidth, int stride = 1, int pad = 0, string owner = "PatchGrid", string window = "filter")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(input.Channels, 1, nameof(input) + ".Channels");
        ArgumentOutOfRangeException.ThrowIfLessThan(input.Height, 1, nameof(input) + ".Height");
        ArgumentOutOfRangeException.ThrowIfLessThan(input.Width, 1, nameof(input) + ".Width");
        ArgumentOutOfRangeException.ThrowIfLessThan(filterHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(filterWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(pad);
        Input = input;
        FilterHeight = filterHeight;
        FilterWidth = filterWidth;
        Stride = stride;
        Pad = pad;
        Owner = owner;

        int paddedHeight = input.Height + 2 * pad, paddedWidth = input.Width + 2 * pad;
        if (filterHeight > paddedHeight || filterWidth > paddedWidth)
            throw new ShapeMismatchException(
                $"{owner}: the {filterHeight}×{filterWidth} {window} is larger than the {input} input" +
                (pad == 0 ? $"; a {window} must fit inside the image." : $" padded by {pad} ({paddedHeight}×{paddedWidth}); a {window} must fit inside the padded image."));
        OutHeight = Steps("H", input.Height, filterHeight, "FH", owner, window);
        OutWidth = Steps("W", input.Width, filterWidth, "FW", owner, window);
    }

    /// <summary>The shape of one input image, C×H×W.</summary>
    public ImageShape Input { get; }

    /// <summary>FH.</summary>
    public int FilterHeight { get; }

    /// <summary>FW.</summary>
    public int FilterWidth { get; }

    /// <summary>Pixels between two window positions.</summary>
    public int Stride { get; }

    /// <summary>Zeros added on every side of the image.</summary>
    public int Pad { get; }

    /// <summary>Who the grid belongs to, as error messages name it.</summary>
    public string Owner { get; }

    /// <summary>OH, window positions down the image.</summary>
    public int OutHeight { get; }

    /// <summary>OW, window positions across the image.</summary>
    public int OutWidth { get; }

    /// <summary>OH·OW: patches cut from one image, so rows im2col gives each image.</summary>
    public int PatchesPerImage => OutHeight * OutWidth;

    /// <summary>C·FH·FW: the values in one patch, so im2col's columns.</summary>
    public int PatchSize => Input.Channels * FilterHeight * FilterWidth;

    /// <summary>
    /// Where each patch value comes from, the same for every image: entry p·(C·FH·FW) + k is the column, in an image row,
    /// of value k (= (c·FH + i)·FW + j) of patch p (= oh·OW + ow), or −1 when it lies in the padding.
    /// </summary>
    internal int[] PixelOf => _pixelOf ??= MapPixels();

    private int[]? _pixelOf;

    private int[] MapPixels()
    {
        var map = new int[PatchesPerImage * PatchSize];
        for (var oh = 0; oh < OutHeight; oh++)
            for (var ow = 0; ow < OutWidth; ow++)
                for (var c = 0; c < Input.Channels; c++)
                    for (var i = 0; i < FilterHeight; i++)
                        for (var j = 0; j < FilterWidth; j++)
                        {
                            int y = oh * Stride - Pad + i, x = ow * Stride - Pad + j;
                            var inside = y >= 0 && y < Input.Height && x >= 0 && x < Input.Width;
                            map[(oh * OutWidth + ow) * PatchSize + (c * FilterHeight + i) * FilterWidth + j] = inside ? Input.Column(c, y, x) : -1;
                        }
        return map;
    }

    private int Steps(string side, int size, int filter, string filterName, string owner, string window)
    {
        var room = size + 2 * Pad - filter;
        if (room % Stride != 0)
            throw new ShapeMismatchException(
                $"{owner}: stride {Stride} does not divide {side} + 2·pad − {filterName} = {size} + 2·{Pad} − {filter} = {room} " +
                $"for the {Input} input and the {FilterHeight}×{FilterWidth} {window}, so its last step would leave " +
                $"{room % Stride} pixel(s) uncovered; choose a stride or pad for which it divides.");
        return room / Stride + 1;
    }
}
