using System.Security.Cryptography;
using System.Text;

namespace Course.Kernel.Protocol;

/// <summary>
/// Signs messages as the Jupyter protocol says: HMAC-SHA256 over the header, parent header, metadata and content
/// frames, as lowercase hex. An empty key turns signing off (the signature is "" and any signature is accepted).
/// </summary>
public sealed class MessageSigner(string key)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(key);

    /// <summary>Whether messages are signed at all.</summary>
    public bool IsEnabled => _key.Length > 0;

    /// <summary>The signature of the four signed frames, in order.</summary>
    public string Sign(IReadOnlyList<byte[]> signedFrames)
    {
        if (!IsEnabled) return "";
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        foreach (var frame in signedFrames) hmac.AppendData(frame);
        return Convert.ToHexStringLower(hmac.GetHashAndReset());
    }

    /// <summary>True when <paramref name="signature"/> matches (compared in constant time), or signing is off.</summary>
    public bool Verify(string signature, IReadOnlyList<byte[]> signedFrames)
    {
        if (!IsEnabled) return true;
        var expected = Encoding.ASCII.GetBytes(Sign(signedFrames));
        var given = Encoding.ASCII.GetBytes(signature);
        return given.Length == expected.Length && CryptographicOperations.FixedTimeEquals(given, expected);
    }
}
