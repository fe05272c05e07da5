using System.Text;
using Course.Notebooks.Outputs;

namespace Course.Notebooks.Execution;

/// <summary>
/// Console.Out or Console.Error of the cells: text goes to the sink line by line (so a cell stopped by the
/// time limit keeps what it printed), and the rest when the cell ends or displays something.
/// </summary>
internal sealed class StreamCapture(string name, IOutputSink sink) : TextWriter
{
    private readonly StringBuilder _pending = new();
    private readonly Lock _lock = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_lock)
        {
            _pending.Append(value);
            if (value == '\n') FlushPending();
        }
    }

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        lock (_lock)
        {
            _pending.Append(value);
            if (value.Contains('\n')) FlushPending();
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Flush()
    {
        lock (_lock) FlushPending();
    }

    private void FlushPending()
    {
        if (_pending.Length == 0) return;
        var text = _pending.ToString();
        _pending.Clear();
        sink.Add(new StreamOutput(name, text), null);
    }
}
