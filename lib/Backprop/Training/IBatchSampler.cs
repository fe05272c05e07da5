using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Training;

/// <summary>
/// Writes chosen rows of one training set into a batch matrix for <see cref="Trainer"/>. The Trainer's own copies the rows
/// one by one (the book's <c>x_train[batch_mask]</c>); lib.Performance's <c>BatchSampler</c> writes them faster.
/// </summary>
public interface IBatchSampler : IDisposable
{
    /// <summary>batch[i, :] = the training set's row rows[i], for every i.</summary>
    void CopyRows(int[] rows, Matrix<double> batch);
}
