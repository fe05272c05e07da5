using System.Runtime.InteropServices;

namespace Backprop.Performance;

/// <summary>
/// A reusable array of doubles on the pinned-object heap (it never moves) whose usable part starts at a 64-byte boundary,
/// so vectors loaded from it never straddle two cache lines. Grows when asked for more; one per thread.
/// </summary>
internal sealed class AlignedBuffer
{
    private const int Alignment = 64;
    private double[] _array = [];

    /// <summary>Index of the first element of the aligned part.</summary>
    public int Offset { get; private set; }

    /// <summary>The array, with at least <paramref name="length"/> elements from <see cref="Offset"/> on (contents undefined).</summary>
    public double[] Rent(int length)
    {
        if (_array.Length - Offset >= length) return _array;
        _array = GC.AllocateUninitializedArray<double>(length + Alignment / sizeof(double), pinned: true);
        var handle = GCHandle.Alloc(_array, GCHandleType.Pinned);
        var address = handle.AddrOfPinnedObject();
        handle.Free();
        Offset = (int)((Alignment - address % Alignment) % Alignment) / sizeof(double);
        return _array;
    }
}
