using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Course.Kernel.Protocol;

/// <summary>
/// The wire format: identities, "&lt;IDS|MSG&gt;", signature, header, parent header, metadata, content, buffers —
/// the four JSON frames signed by <see cref="MessageSigner"/>.
/// </summary>
public sealed class MessageCodec(MessageSigner signer)
{
    /// <summary>The frame that separates routing identities from the message.</summary>
    public static readonly byte[] Delimiter = "<IDS|MSG>"u8.ToArray();

    // Non-ASCII text stays readable in logs; the JSON is equally valid either way.
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The frames of <paramref name="message"/>, signed.</summary>
    public List<byte[]> Encode(JupyterMessage message)
    {
        byte[][] signed = [Bytes(message.Header), Bytes(message.ParentHeader), Bytes(message.Metadata), Bytes(message.Content)];
        var frames = new List<byte[]>(message.Identities) { Delimiter, Encoding.ASCII.GetBytes(signer.Sign(signed)) };
        frames.AddRange(signed);
        frames.AddRange(message.Buffers);
        return frames;
    }

    /// <summary>Reads the frames of a received message and checks its signature.</summary>
    /// <exception cref="MessageFormatException">The frames are not a message, or the signature does not match.</exception>
    public JupyterMessage Decode(IReadOnlyList<byte[]> frames)
    {
        var delimiter = -1;
        for (var i = 0; i < frames.Count && delimiter < 0; i++)
            if (frames[i].AsSpan().SequenceEqual(Delimiter)) delimiter = i;
        if (delimiter < 0) throw new MessageFormatException($"no <IDS|MSG> delimiter among the {frames.Count} frames");
        if (frames.Count - delimiter - 1 < 5)
            throw new MessageFormatException($"expected signature, header, parent_header, metadata and content after <IDS|MSG>, got {frames.Count - delimiter - 1} frames");
        var signature = Encoding.ASCII.GetString(frames[delimiter + 1]);
        var signed = frames.Skip(delimiter + 2).Take(4).ToArray();
        if (!signer.Verify(signature, signed))
            throw new MessageFormatException(signature.Length == 0 ? "the message is not signed" : $"bad signature '{Shorten(signature)}'");
        return new JupyterMessage(
            frames.Take(delimiter).ToArray(),
            Object(signed[0], "header"), Object(signed[1], "parent_header"), Object(signed[2], "metadata"), Object(signed[3], "content"),
            frames.Skip(delimiter + 6).ToArray());
    }

    private static byte[] Bytes(JsonObject json) => Encoding.UTF8.GetBytes(json.ToJsonString(Json));

    private static JsonObject Object(byte[] frame, string part)
    {
        try
        {
            return JsonNode.Parse(frame) as JsonObject ?? throw new MessageFormatException($"the {part} frame is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new MessageFormatException($"the {part} frame is not JSON: {e.Message}");
        }
    }

    private static string Shorten(string text) => text.Length <= 16 ? text : text[..16] + "…";
}
