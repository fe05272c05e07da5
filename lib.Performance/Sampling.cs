namespace Backprop.Performance;

/// <summary>Cheap estimates the products use to choose a plan.</summary>
internal static class Sampling
{
    /// <summary>The fraction of non-zero values among up to ~1,000 evenly spaced samples of the first <paramref name="count"/>
    /// values (at least 0.01, so a cost estimate never drops to nothing).</summary>
    public static double Density(double[] values, long count)
    {
        var step = Math.Max(1, (int)(count / 1024));
        int seen = 0, nonZero = 0;
        for (long i = 0; i < count; i += step, seen++) if (values[i] != 0) nonZero++;
        return seen == 0 ? 0 : Math.Max((double)nonZero / seen, 0.01);
    }
}
