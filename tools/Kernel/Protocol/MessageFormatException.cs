namespace Course.Kernel.Protocol;

/// <summary>Frames that are not a valid Jupyter message (no delimiter, a bad signature, a header that is not JSON, …).</summary>
public sealed class MessageFormatException(string message) : Exception(message);
