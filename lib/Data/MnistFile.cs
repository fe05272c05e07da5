namespace Backprop.Data;

/// <summary>
/// A file the downloader fetches and the checksums it must match before it is trusted.
/// </summary>
/// <param name="Name">File name, appended to each mirror's base address (e.g. <c>train-images-idx3-ubyte.gz</c>).</param>
/// <param name="Bytes">Exact size in bytes, or null when unknown; lets a truncated download be named as such.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the file; always checked.</param>
/// <param name="Md5">Lower-case hex MD5 of the file, or null; checked too when given.</param>
public sealed record MnistFile(string Name, long? Bytes, string Sha256, string? Md5 = null);
