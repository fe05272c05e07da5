using System.Text;
using Course.Kernel.Protocol;

namespace Course.Kernel.Tests.Protocol;

public class MessageSignerTests
{
    // Known answers computed with Python's hmac module, as jupyter_client signs:
    //   hmac.new(key, header + parent + metadata + content, hashlib.sha256).hexdigest()
    [Fact]
    public void Signature_matches_python_hmac_for_an_ascii_key_and_frames()
    {
        var signer = new MessageSigner("c0ffee-key");
        var frames = Frames("{\"msg_id\":\"1\",\"msg_type\":\"kernel_info_request\"}", "{}", "{}", "{}");

        Assert.Equal("49fc7c4db8337cf427a80405994b10a9c3fe5ad15dc682b7975ecb2780de912c", signer.Sign(frames));
    }

    [Fact]
    public void Signature_matches_python_hmac_for_utf8_key_and_frames()
    {
        var signer = new MessageSigner("✓ unicode key");
        var frames = Frames(
            "{\"date\":\"2026-01-02T03:04:05.123456Z\",\"msg_id\":\"a\",\"msg_type\":\"execute_request\",\"session\":\"s\",\"username\":\"u\",\"version\":\"5.3\"}",
            "{}", "{\"tag\":\"été\"}", "{\"code\":\"Console.WriteLine(\\\"π\\\");\"}");

        Assert.Equal("f9ba9f462ee75d7ecf88382a4aaa3647855d80f7e9cd35a203011c8e026289c6", signer.Sign(frames));
    }

    [Fact]
    public void Verify_accepts_the_signature_and_rejects_a_changed_frame_or_uppercase_hex()
    {
        var signer = new MessageSigner("c0ffee-key");
        var frames = Frames("{\"msg_id\":\"1\",\"msg_type\":\"kernel_info_request\"}", "{}", "{}", "{}");
        var signature = signer.Sign(frames);

        Assert.True(signer.Verify(signature, frames));
        Assert.False(signer.Verify(signature, Frames("{\"msg_id\":\"2\",\"msg_type\":\"kernel_info_request\"}", "{}", "{}", "{}")));
        Assert.False(signer.Verify(signature.ToUpperInvariant(), frames)); // the protocol's signatures are lowercase hex
        Assert.False(signer.Verify("", frames));
    }

    [Fact]
    public void An_empty_key_turns_signing_off()
    {
        var signer = new MessageSigner("");
        var frames = Frames("{}", "{}", "{}", "{}");

        Assert.False(signer.IsEnabled);
        Assert.Equal("", signer.Sign(frames));
        Assert.True(signer.Verify("anything", frames));
    }

    internal static byte[][] Frames(params string[] parts) => parts.Select(Encoding.UTF8.GetBytes).ToArray();
}
