using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Backprop.Tests.Data;

/// <summary>
/// An HTTP server on 127.0.0.1 and a free port, playing several mirrors at once. Each mirror is a path
/// prefix whose behaviour decides what a file request gets: the file, a corrupted copy, half of it,
/// 404, or no answer at all. It counts requests per path so tests can prove a file was not fetched again.
/// </summary>
internal sealed class LocalMirror : IDisposable
{
    public enum Behaviour { Good, Corrupt, Truncated, NotFound, Hang }

    readonly HttpListener listener = new();
    readonly Dictionary<string, byte[]> files;
    readonly Dictionary<string, Behaviour> mirrors = [];
    readonly CancellationTokenSource stop = new();
    readonly ConcurrentDictionary<string, int> requests = new();
    readonly Task loop;

    public LocalMirror(Dictionary<string, byte[]> files)
    {
        this.files = files;
        Port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>The base address of a mirror that behaves as told.</summary>
    public Uri Mirror(string name, Behaviour behaviour)
    {
        lock (mirrors) mirrors[name] = behaviour;
        return new Uri($"http://127.0.0.1:{Port}/{name}/");
    }

    /// <summary>A base address on a port where nothing listens (connection refused).</summary>
    public static Uri Unreachable() => new($"http://127.0.0.1:{FreePort()}/mnist/");

    public int RequestsFor(string mirror, string file) => requests.GetValueOrDefault($"/{mirror}/{file}");

    public int TotalRequests => requests.Values.Sum();

    static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    async Task ServeAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception) when (stop.IsCancellationRequested || !listener.IsListening) { return; }
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    async Task AnswerAsync(HttpListenerContext context)
    {
        var path = context.Request.Url!.AbsolutePath;
        requests.AddOrUpdate(path, 1, (_, n) => n + 1);
        var parts = path.Trim('/').Split('/');
        Behaviour behaviour;
        lock (mirrors) behaviour = parts.Length == 2 && mirrors.TryGetValue(parts[0], out var b) ? b : Behaviour.NotFound;
        var response = context.Response;
        try
        {
            if (behaviour == Behaviour.Hang)
            {
                try { await Task.Delay(Timeout.Infinite, stop.Token); } catch (OperationCanceledException) { }
                response.Abort();
                return;
            }
            if (behaviour == Behaviour.NotFound || !files.TryGetValue(parts[1], out var content))
            {
                response.StatusCode = 404;
                response.Close();
                return;
            }
            var body = behaviour switch
            {
                Behaviour.Corrupt => Corrupt(content),
                Behaviour.Truncated => content[..(content.Length / 2)],
                _ => content,
            };
            response.ContentLength64 = body.Length;
            await response.OutputStream.WriteAsync(body);
            response.Close();
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // The test is over; the client is gone.
        }
    }

    static byte[] Corrupt(byte[] content)
    {
        var copy = (byte[])content.Clone();
        copy[copy.Length / 2] ^= 0xff; // same length, different checksum
        return copy;
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Close();
        try { loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        stop.Dispose();
    }
}
