using System.Text;
using System.Text.Json.Nodes;
using Course.Kernel.Protocol;

namespace Course.Kernel.Tests.Protocol;

public class MessageCodecTests
{
    private readonly MessageCodec _codec = new(new MessageSigner("secret"));

    private static JupyterMessage Request() => new(
        [Encoding.ASCII.GetBytes("client-1")],
        new JsonObject { ["msg_id"] = "m1", ["msg_type"] = "execute_request", ["session"] = "s", ["username"] = "u", ["date"] = "2026-01-01T00:00:00.000000Z", ["version"] = "5.3" },
        [], new JsonObject { ["k"] = "é" }, new JsonObject { ["code"] = "1 + 1" }, [new byte[] { 1, 2, 3 }]);

    [Fact]
    public void Encoded_frames_are_identities_delimiter_signature_four_json_parts_and_buffers()
    {
        var frames = _codec.Encode(Request());

        Assert.Equal(8, frames.Count);
        Assert.Equal("client-1", Encoding.ASCII.GetString(frames[0]));
        Assert.Equal("<IDS|MSG>", Encoding.ASCII.GetString(frames[1]));
        Assert.Equal(new MessageSigner("secret").Sign(frames.Skip(3).Take(4).ToList()), Encoding.ASCII.GetString(frames[2]));
        Assert.Matches("^[0-9a-f]{64}$", Encoding.ASCII.GetString(frames[2]));
        Assert.Equal([1, 2, 3], frames[7]);
    }

    [Fact]
    public void Decoding_what_was_encoded_gives_back_every_part()
    {
        var decoded = _codec.Decode(_codec.Encode(Request()));

        Assert.Equal("execute_request", decoded.MsgType);
        Assert.Equal("m1", decoded.MsgId);
        Assert.Equal("client-1", Encoding.ASCII.GetString(Assert.Single(decoded.Identities)));
        Assert.Equal("1 + 1", decoded.Content["code"]!.GetValue<string>());
        Assert.Equal("é", decoded.Metadata["k"]!.GetValue<string>());
        Assert.Empty(decoded.ParentHeader);
        Assert.Equal([1, 2, 3], Assert.Single(decoded.Buffers));
    }

    [Fact]
    public void A_message_signed_with_another_key_is_rejected()
    {
        var forged = new MessageCodec(new MessageSigner("other")).Encode(Request());

        var error = Assert.Throws<MessageFormatException>(() => _codec.Decode(forged));
        Assert.Contains("bad signature", error.Message);
    }

    [Fact]
    public void A_message_whose_content_was_changed_after_signing_is_rejected()
    {
        var frames = _codec.Encode(Request());
        frames[6] = Encoding.UTF8.GetBytes("{\"code\":\"Environment.Exit(1)\"}");

        Assert.Throws<MessageFormatException>(() => _codec.Decode(frames));
    }

    [Fact]
    public void Frames_without_the_delimiter_are_rejected_with_the_frame_count()
    {
        var error = Assert.Throws<MessageFormatException>(() => _codec.Decode([Encoding.ASCII.GetBytes("x"), Encoding.ASCII.GetBytes("{}")]));
        Assert.Contains("no <IDS|MSG> delimiter among the 2 frames", error.Message);
    }

    [Fact]
    public void A_truncated_message_is_rejected_with_how_many_frames_came()
    {
        var frames = _codec.Encode(Request()).Take(5).ToList();

        var error = Assert.Throws<MessageFormatException>(() => _codec.Decode(frames));
        Assert.Contains("got 3 frames", error.Message);
    }

    [Fact]
    public void A_header_that_is_not_json_is_rejected_naming_the_frame()
    {
        var codec = new MessageCodec(new MessageSigner(""));
        var frames = MessageSignerTests.Frames("<IDS|MSG>", "", "not json", "{}", "{}", "{}").ToList();

        var error = Assert.Throws<MessageFormatException>(() => codec.Decode(frames));
        Assert.Contains("header frame is not JSON", error.Message);
    }
}
