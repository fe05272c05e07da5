using System.Globalization;
using System.Text.Json.Nodes;

namespace Course.Kernel.Protocol;

/// <summary>Builds the kernel's messages: protocol 5.3 headers with a fresh msg_id, the kernel's session and a UTC date.</summary>
public sealed class MessageBuilder(string sessionId)
{
    /// <summary>The protocol version this kernel implements.</summary>
    public const string ProtocolVersion = "5.3";

    /// <summary>Identifies this kernel process in every header it sends.</summary>
    public string SessionId { get; } = sessionId;

    /// <summary>A header for a new message of type <paramref name="msgType"/>.</summary>
    public JsonObject Header(string msgType) => new()
    {
        ["msg_id"] = Guid.NewGuid().ToString("N"),
        ["session"] = SessionId,
        ["username"] = "kernel",
        ["date"] = Timestamp(DateTimeOffset.UtcNow),
        ["msg_type"] = msgType,
        ["version"] = ProtocolVersion,
    };

    /// <summary>A reply to <paramref name="request"/>, routed back to its sender.</summary>
    public JupyterMessage Reply(JupyterMessage request, string msgType, JsonObject content) =>
        new(request.Identities, Header(msgType), (JsonObject)request.Header.DeepClone(), [], content, []);

    /// <summary>An iopub message, its parent the request it belongs to (none for "starting").</summary>
    public JupyterMessage Broadcast(JupyterMessage? parent, string msgType, JsonObject content) =>
        new([System.Text.Encoding.UTF8.GetBytes($"kernel.{SessionId}.{msgType}")], Header(msgType),
            parent is null ? [] : (JsonObject)parent.Header.DeepClone(), [], content, []);

    /// <summary>ISO 8601 in UTC with exactly six fractional digits (Python's datetime cannot read more).</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
