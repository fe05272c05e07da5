using System.Text.Json;
using System.Text.Json.Nodes;

namespace Course.Kernel.Protocol;

/// <summary>The connection file Jupyter writes for a kernel: where the five sockets listen and how messages are signed.</summary>
/// <param name="IP">The address to bind, e.g. 127.0.0.1.</param>
/// <param name="ShellPort">Requests and replies (ROUTER).</param>
/// <param name="IopubPort">Broadcast outputs and status (PUB).</param>
/// <param name="StdinPort">Input requests to the front end (ROUTER); this kernel never asks for input.</param>
/// <param name="ControlPort">Shutdown, interrupt and kernel_info beside a busy shell (ROUTER).</param>
/// <param name="HeartbeatPort">Echoes pings (REP).</param>
/// <param name="Key">The HMAC key; empty means messages are not signed.</param>
public sealed record ConnectionInfo(string IP, int ShellPort, int IopubPort, int StdinPort, int ControlPort, int HeartbeatPort, string Key)
{
    /// <summary>The only signature scheme this kernel speaks (and the one every Jupyter client uses).</summary>
    public const string SignatureScheme = "hmac-sha256";

    /// <summary>Reads and checks a connection file.</summary>
    /// <exception cref="FormatException">The file is missing, not JSON, lacks a field or asks for what the kernel cannot do.</exception>
    public static ConnectionInfo Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"connection file {path} cannot be read: {e.Message}", e);
        }
        JsonObject json;
        try { json = JsonNode.Parse(text) as JsonObject ?? throw new FormatException($"connection file {path} is not a JSON object"); }
        catch (JsonException e) { throw new FormatException($"connection file {path} is not JSON: {e.Message}", e); }

        var transport = Text(json, "transport", path, "tcp");
        if (transport != "tcp")
            throw new FormatException($"connection file {path}: transport '{transport}' is not supported; this kernel listens on tcp only");
        var scheme = Text(json, "signature_scheme", path, SignatureScheme);
        if (scheme != SignatureScheme)
            throw new FormatException($"connection file {path}: signature_scheme '{scheme}' is not supported; use {SignatureScheme}");
        return new ConnectionInfo(
            Text(json, "ip", path, "127.0.0.1"),
            Port(json, "shell_port", path), Port(json, "iopub_port", path), Port(json, "stdin_port", path),
            Port(json, "control_port", path), Port(json, "hb_port", path),
            Text(json, "key", path, ""));
    }

    /// <summary>The ZeroMQ endpoint of a port, e.g. tcp://127.0.0.1:5555.</summary>
    public string Endpoint(int port) => $"tcp://{IP}:{port}";

    private static string Text(JsonObject json, string name, string path, string fallback) => json[name] switch
    {
        null => fallback,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        var other => throw new FormatException($"connection file {path}: '{name}' must be a string, not {other.ToJsonString()}"),
    };

    private static int Port(JsonObject json, string name, string path) => json[name] switch
    {
        JsonValue v when v.TryGetValue<int>(out var port) && port is > 0 and < 65536 => port,
        null => throw new FormatException($"connection file {path} has no '{name}'"),
        var other => throw new FormatException($"connection file {path}: '{name}' must be a port number (1-65535), not {other.ToJsonString()}"),
    };
}
