namespace Backprop.Data;

/// <summary>
/// The raw content of an IDX image file: <paramref name="Count"/> images of
/// <paramref name="Rows"/>×<paramref name="Columns"/> unsigned bytes, stored row by row, image after image.
/// </summary>
/// <param name="Count">Number of images.</param>
/// <param name="Rows">Pixel rows per image (28 for MNIST).</param>
/// <param name="Columns">Pixel columns per image (28 for MNIST).</param>
/// <param name="Pixels">Count·Rows·Columns bytes, 0 = background, 255 = ink.</param>
public sealed record IdxImages(int Count, int Rows, int Columns, byte[] Pixels)
{
    /// <summary>Pixels per image (Rows·Columns).</summary>
    public int PixelsPerImage => Rows * Columns;
}
