namespace Backprop;
internal static class Placeholder { }
