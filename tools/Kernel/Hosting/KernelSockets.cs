using Course.Kernel.Protocol;
using NetMQ;
using NetMQ.Sockets;

namespace Course.Kernel.Hosting;

/// <summary>
/// The five sockets of a kernel, all owned by one poller thread (NetMQ sockets are not thread-safe): received
/// messages are decoded and handed to <c>onMessage</c> on that thread, and <see cref="Send"/> may be called from
/// any thread because it only queues. A message that fails to decode (bad signature, malformed) is logged and ignored.
/// </summary>
internal sealed class KernelSockets : IDisposable
{
    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(2);

    private readonly MessageCodec _codec;
    private readonly Action<KernelChannel, JupyterMessage> _onMessage;
    private readonly TextWriter _log;
    private readonly RouterSocket _shell = new(), _control = new(), _stdin = new();
    private readonly PublisherSocket _iopub = new();
    private readonly ResponseSocket _heartbeat = new();
    private readonly NetMQQueue<(KernelChannel Channel, JupyterMessage Message)> _outgoing = new();
    private readonly NetMQPoller _poller;
    private volatile bool _stopped;

    public KernelSockets(ConnectionInfo connection, MessageCodec codec, Action<KernelChannel, JupyterMessage> onMessage, TextWriter log)
    {
        _codec = codec;
        _onMessage = onMessage;
        _log = log;
        foreach (var socket in new NetMQSocket[] { _shell, _control, _stdin, _iopub, _heartbeat }) socket.Options.Linger = Linger;
        Bind(_shell, connection, connection.ShellPort, "shell");
        Bind(_control, connection, connection.ControlPort, "control");
        Bind(_stdin, connection, connection.StdinPort, "stdin");
        Bind(_iopub, connection, connection.IopubPort, "iopub");
        Bind(_heartbeat, connection, connection.HeartbeatPort, "heartbeat");
        _shell.ReceiveReady += (_, e) => Receive(KernelChannel.Shell, e.Socket);
        _control.ReceiveReady += (_, e) => Receive(KernelChannel.Control, e.Socket);
        _stdin.ReceiveReady += (_, e) => Receive(KernelChannel.Stdin, e.Socket);
        _heartbeat.ReceiveReady += (_, e) => Echo(e.Socket);
        _outgoing.ReceiveReady += (_, _) => SendQueued();
        _poller = [_shell, _control, _stdin, _heartbeat, _outgoing];
    }

    /// <summary>Starts the poller thread.</summary>
    public void Start() => _poller.RunAsync("kernel sockets", isBackgroundThread: true);

    /// <summary>Queues a message; it leaves in order with every other queued message.</summary>
    public void Send(KernelChannel channel, JupyterMessage message)
    {
        if (_stopped) return;
        try { _outgoing.Enqueue((channel, message)); }
        catch (Exception e) when (e is TerminatingException or ObjectDisposedException) { } // shutting down: nobody listens any more
    }

    /// <summary>Stops the poller, sends what is still queued (a shutdown reply, the last status) and closes the sockets.</summary>
    public void Dispose()
    {
        if (_stopped) return;
        if (_poller.IsRunning) _poller.Stop();
        _stopped = true;
        SendQueued(); // the poller thread has ended, so this thread may use the sockets now
        _poller.Dispose();
        _outgoing.Dispose();
        foreach (var socket in new NetMQSocket[] { _shell, _control, _stdin, _iopub, _heartbeat }) socket.Dispose();
    }

    private static void Bind(NetMQSocket socket, ConnectionInfo connection, int port, string name)
    {
        try { socket.Bind(connection.Endpoint(port)); }
        catch (NetMQException e)
        {
            throw new InvalidOperationException($"the {name} socket cannot listen on {connection.Endpoint(port)}: {e.Message}", e);
        }
    }

    private void Receive(KernelChannel channel, NetMQSocket socket)
    {
        var frames = new List<byte[]>(); // TryReceiveMultipartBytes clears and refills it
        while (socket.TryReceiveMultipartBytes(ref frames))
        {
            JupyterMessage message;
            try { message = _codec.Decode(frames); }
            catch (MessageFormatException e)
            {
                _log.WriteLine($"course kernel: ignored a message on {channel.ToString().ToLowerInvariant()}: {e.Message}");
                continue;
            }
            try { _onMessage(channel, message); }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _log.WriteLine($"course kernel: {message.MsgType} on {channel.ToString().ToLowerInvariant()} failed: {e}");
            }
        }
    }

    private static void Echo(NetMQSocket socket)
    {
        var frames = new List<byte[]>(); // TryReceiveMultipartBytes clears and refills it
        while (socket.TryReceiveMultipartBytes(ref frames))
        {
            socket.SendMultipartBytes(frames);
        }
    }

    private void SendQueued()
    {
        while (_outgoing.TryDequeue(out var item, TimeSpan.Zero))
        {
            NetMQSocket socket = item.Channel switch
            {
                KernelChannel.Shell => _shell,
                KernelChannel.Control => _control,
                KernelChannel.Stdin => _stdin,
                _ => _iopub,
            };
            socket.SendMultipartBytes(_codec.Encode(item.Message));
        }
    }
}
