namespace Backprop.Performance;

/// <summary>
/// A count of Vector256 sums known to the JIT as a constant: <see cref="CompressedStripProduct"/>'s generic sum is compiled
/// once per struct below, each copy keeping exactly that many sums in registers with no branch on the count.
/// </summary>
internal interface IVectorCount
{
    static abstract int Count { get; }
}

internal struct V1 : IVectorCount { public static int Count => 1; }
internal struct V2 : IVectorCount { public static int Count => 2; }
internal struct V3 : IVectorCount { public static int Count => 3; }
internal struct V4 : IVectorCount { public static int Count => 4; }
internal struct V5 : IVectorCount { public static int Count => 5; }
internal struct V6 : IVectorCount { public static int Count => 6; }
internal struct V7 : IVectorCount { public static int Count => 7; }
internal struct V8 : IVectorCount { public static int Count => 8; }
internal struct V9 : IVectorCount { public static int Count => 9; }
internal struct V10 : IVectorCount { public static int Count => 10; }
internal struct V11 : IVectorCount { public static int Count => 11; }
internal struct V12 : IVectorCount { public static int Count => 12; }
internal struct V13 : IVectorCount { public static int Count => 13; }
internal struct V14 : IVectorCount { public static int Count => 14; }
internal struct V15 : IVectorCount { public static int Count => 15; }
internal struct V16 : IVectorCount { public static int Count => 16; }
