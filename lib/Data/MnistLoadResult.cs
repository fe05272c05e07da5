namespace Backprop.Data;

/// <summary>
/// What <see cref="Mnist.LoadFull()"/> returned: the data, where it came from, and why.
/// Deconstructs like the bundled loader: <c>var (train, test) = Mnist.LoadFull();</c>.
/// </summary>
/// <param name="Train">Training images and labels.</param>
/// <param name="Test">Test images and labels.</param>
/// <param name="Source"><see cref="MnistSource.Full"/>, or <see cref="MnistSource.Bundled"/> when every mirror failed.</param>
/// <param name="Message">One readable paragraph: what was loaded, or why the download failed and what to do.</param>
/// <param name="Failures">Each failed attempt as "file from url: reason" (empty when nothing failed).</param>
public sealed record MnistLoadResult(MnistSet Train, MnistSet Test, MnistSource Source, string Message, IReadOnlyList<string> Failures)
{
    /// <summary>Splits the result into its training and test sets.</summary>
    public void Deconstruct(out MnistSet train, out MnistSet test) => (train, test) = (Train, Test);

    /// <inheritdoc/>
    public override string ToString() => Message;
}
