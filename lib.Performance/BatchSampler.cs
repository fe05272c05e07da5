using MathNet.Numerics.LinearAlgebra;
using Backprop.Training;
using MathNet.Numerics.LinearAlgebra.Double;

namespace Backprop.Performance;

/// <summary>
/// Copies chosen rows of a training set into a batch matrix, fast. MathNet stores matrices column by column, so a row
/// of the training set is spread over 784 places 64 KB apart (for 8,000 rows): gathering 100 rows that way touched
/// 78,400 cache lines per batch and cost more than the whole backpropagation. The sampler keeps each row's non-zero
/// pixels together instead (about a fifth of them; built once, smaller than the set itself), and a batch is a cleared
/// matrix with those values written in. The batch's products get the same lists (<see cref="KnownNonZeros"/>) instead of
/// searching the batch for its non-zeros again; <see cref="Dispose"/> withdraws them.
/// </summary>
public sealed class BatchSampler : IBatchSampler
{
    private readonly Matrix<double> _x;
    private readonly int[]? _starts;
    private readonly int[]? _columns;
    private readonly double[]? _values;
    private CompressedRows? _batchRows;
    private double[]? _registered;

    /// <summary>Lists the non-zeros of every row of <paramref name="x"/> once, for all the batches to come.</summary>
    public BatchSampler(Matrix<double> x)
    {
        _x = x;
        if (x is not DenseMatrix dense) return;
        var source = dense.Values;
        int n = x.RowCount, d = x.ColumnCount;
        var counts = new int[n + 1];
        for (var c = 0; c < d; c++)
            for (var r = 0; r < n; r++)
                if (source[c * n + r] != 0) counts[r + 1]++;
        for (var r = 0; r < n; r++) counts[r + 1] += counts[r];
        _starts = counts;
        _columns = new int[counts[n]];
        _values = new double[counts[n]];
        var next = counts[..n];
        for (var c = 0; c < d; c++)
            for (var r = 0; r < n; r++)
            {
                var v = source[c * n + r];
                if (v == 0) continue;
                var at = next[r]++;
                _columns[at] = c;
                _values[at] = v;
            }
    }

    /// <summary>batch[i, :] = x[rows[i], :].</summary>
    public void CopyRows(int[] rows, Matrix<double> batch)
    {
        // Whatever is written now, the last batch's lists no longer describe it.
        Dispose();
        if (_starts is null || batch is not DenseMatrix target)
        {
            for (var i = 0; i < rows.Length; i++) batch.SetRow(i, _x.Row(rows[i]));
            return;
        }
        var values = target.Values;
        var b = batch.RowCount;
        if (rows.Length != b)
        {
            Array.Clear(values);
            for (var i = 0; i < rows.Length; i++)
                for (var at = _starts[rows[i]]; at < _starts[rows[i] + 1]; at++)
                    values[_columns![at] * b + i] = _values![at];
            return;
        }
        // The chosen rows' lists, regrouped by pixel: the batch is then written column (pixel) by column, and the products
        // of the batch get its non-zeros both ways without searching for them.
        if (_batchRows is null || _batchRows.RowCount != b) _batchRows = new CompressedRows(b, _x.ColumnCount, _columns!, _values!);
        for (var i = 0; i < b; i++)
        {
            _batchRows.First[i] = _starts[rows[i]];
            _batchRows.End[i] = _starts[rows[i] + 1];
        }
        _batchRows.Changed();
        var (counts, inRows, inValues) = _batchRows.ByColumn();
        Array.Clear(values);
        for (var p = 0; p < counts.Length; p++)
        {
            var at = p * b;
            for (var e = at; e < at + counts[p]; e++) values[at + inRows[e]] = inValues[e];
        }
        KnownNonZeros.Register(values, _batchRows);
        _registered = values;
    }

    /// <summary>Withdraws the last batch's lists: after training the batch matrix is no longer the sampler's to vouch for.</summary>
    public void Dispose()
    {
        if (_registered is not null) KnownNonZeros.Forget(_registered);
        _registered = null;
    }
}
