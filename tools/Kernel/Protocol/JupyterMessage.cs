using System.Text.Json.Nodes;

namespace Course.Kernel.Protocol;

/// <summary>One message of the Jupyter protocol, as its parts (the wire format is <see cref="MessageCodec"/>'s business).</summary>
/// <param name="Identities">The ROUTER routing frames before the delimiter (the iopub topic for broadcasts).</param>
/// <param name="Header">msg_id, session, username, date, msg_type, version.</param>
/// <param name="ParentHeader">The header of the request this message answers, or empty.</param>
/// <param name="Metadata">Free-form metadata.</param>
/// <param name="Content">The message type's content.</param>
/// <param name="Buffers">Extra binary frames (unused by this kernel, kept when received).</param>
public sealed record JupyterMessage(
    IReadOnlyList<byte[]> Identities, JsonObject Header, JsonObject ParentHeader, JsonObject Metadata, JsonObject Content, IReadOnlyList<byte[]> Buffers)
{
    /// <summary>The header's msg_type, e.g. execute_request.</summary>
    public string MsgType => Header["msg_type"] is JsonValue v && v.TryGetValue<string>(out var type) ? type : "";

    /// <summary>The header's msg_id.</summary>
    public string MsgId => Header["msg_id"] is JsonValue v && v.TryGetValue<string>(out var id) ? id : "";
}
